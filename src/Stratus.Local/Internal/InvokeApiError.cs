namespace Stratus.Local.Internal;

/// <summary>A refusal the Invoke API answers with: HTTP status, x-amzn-ErrorType and message.</summary>
internal sealed record InvokeApiError(int StatusCode, string ErrorType, string Message);
