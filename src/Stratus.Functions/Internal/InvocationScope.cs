using System;
using System.Threading;

namespace Stratus.Functions.Internal;

/// <summary>
/// The request id of the invocation running on this async flow. An AsyncLocal, so every log line written
/// by the handler and the services it calls carries the id without anyone passing it along.
/// </summary>
internal static class InvocationScope
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? RequestId => Current.Value;

    public static Restorer Begin(string requestId)
    {
        var previous = Current.Value;
        Current.Value = requestId;
        return new Restorer(previous);
    }

    public readonly struct Restorer : IDisposable
    {
        private readonly string? _previous;

        public Restorer(string? previous) => _previous = previous;

        public void Dispose() => Current.Value = _previous;
    }
}
