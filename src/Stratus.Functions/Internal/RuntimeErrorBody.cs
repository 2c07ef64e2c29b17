using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// The error body the Runtime API's error endpoints take, in AWS's standard Lambda error format, with inner
/// exceptions nested as AWS's .NET runtime nests them: <c>cause</c> for the inner exception, and <c>causes</c>
/// for every inner exception of an <see cref="System.AggregateException"/>.
/// </summary>
internal sealed record RuntimeErrorBody(
    string ErrorMessage,
    string ErrorType,
    IReadOnlyList<string> StackTrace)
{
    public RuntimeErrorBody? Cause { get; init; }

    public IReadOnlyList<RuntimeErrorBody>? Causes { get; init; }
}
