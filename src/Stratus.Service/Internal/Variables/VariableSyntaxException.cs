namespace Stratus.Service.Internal.Variables;

/// <summary>
/// A string breaks the variable syntax; <see cref="Index"/> is where, counted from the start of the string.
/// </summary>
internal sealed class VariableSyntaxException(string code, string message, int index) : Exception(message)
{
    public string Code { get; } = code;

    public int Index { get; } = index;
}
