using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>
/// Stands in for <c>s3:</c> and <c>ssm:</c> where their values are never shown nor used (<c>stratus print</c>,
/// <c>stratus secrets</c>): every reference resolves to <c>***</c>, marked secret, without reading anything.
/// </summary>
public sealed class MaskedVariableSource : IVariableSource
{
    /// <summary>The text every reference resolves to.</summary>
    public const string Mask = "***";

    /// <inheritdoc />
    public ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        return ValueTask.FromResult(
            VariableSourceResult.FoundText(Mask, request.At, isSecret: true) with { IsPlaceholder = true });
    }
}
