using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// The error body the Runtime API's error endpoints take, in AWS's standard Lambda error format.
/// </summary>
internal sealed record RuntimeErrorBody(
    string ErrorMessage,
    string ErrorType,
    IReadOnlyList<string> StackTrace);
