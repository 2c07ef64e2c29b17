namespace Stratus.Service;

/// <summary>
/// A variable source that needs the outside world, such as <c>s3:</c>, <c>ssm:</c> or <c>cf:</c> with AWS.
/// Register one in <see cref="ServiceLoadOptions.ExternalSources"/> under the name used in variables.
/// </summary>
public interface IVariableSource
{
    /// <summary>
    /// Resolves one reference. Return <see cref="VariableSourceResult.NotFound(string)"/> when the value does not
    /// exist, so a fallback can apply; throw <see cref="VariableSourceException"/> when the reference itself is wrong.
    /// </summary>
    ValueTask<VariableSourceResult> ResolveAsync(VariableSourceRequest request, CancellationToken cancellationToken);
}
