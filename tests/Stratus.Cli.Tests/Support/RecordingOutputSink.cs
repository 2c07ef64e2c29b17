using System.Collections.Concurrent;
using Stratus.Local;

namespace Stratus.Cli.Tests.Support;

/// <summary>Keeps every line the functions printed, for assertions on the dev console.</summary>
internal sealed class RecordingOutputSink : IFunctionOutputSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void WriteLine(string functionKey, FunctionOutputStream stream, string line) =>
        _lines.Enqueue($"[{functionKey}] {line}");
}
