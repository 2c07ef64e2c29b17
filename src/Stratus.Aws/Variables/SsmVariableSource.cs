using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.Runtime;
using Stratus.Aws.Secrets;
using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>
/// <c>${ssm:/path}</c> and <c>${ssm(region):/path}</c> on AWS; <c>/path~true</c> asks SSM to decrypt a
/// SecureString. Every value is marked secret, so <c>stratus print</c> masks it.
/// </summary>
// Limitation: where AllowDecryption is on, '~true' puts the decrypted SecureString into the resolved configuration
// in memory; `stratus package` turns it off and refuses '~true', so a package never holds it. Use ${s3:} secrets
// (ciphertext until cold start) for function environments. Tracked in #6.
public sealed class SsmVariableSource : IVariableSource
{
    private readonly Func<string?, IAmazonSimpleSystemsManagement> _client;

    /// <summary>Creates the source; the client for a region is made on first use.</summary>
    public SsmVariableSource(Func<string?, IAmazonSimpleSystemsManagement> client)
    {
        ArgumentNullException.ThrowIfNull(client);

        _client = client;
    }

    /// <summary>
    /// Gets whether <c>~true</c> may decrypt a SecureString. Commands that write a deployment turn it off, because
    /// the decrypted value would sit in plain text in the package.
    /// </summary>
    public bool AllowDecryption { get; init; } = true;

    /// <inheritdoc />
    public async ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var (name, decrypt) = ParseAddress(request.Address);
        if (decrypt && !AllowDecryption)
        {
            throw new VariableSourceException(
                $"'~true' would put the decrypted SecureString '{name}' in plain text into the package",
                "store the value with 'stratus secrets set NAME --stage "
                + $"{request.Stage}' and refer to it as ${{s3:{request.Stage}-secrets/NAME}}, which stays "
                + "ciphertext until the function decrypts it at cold start.");
        }

        var region = request.Parameters.Count > 0 && !string.IsNullOrEmpty(request.Parameters[0])
            ? request.Parameters[0]
            : request.Region;
        try
        {
            using var ssm = _client(region);
            var response = await ssm.GetParameterAsync(
                new GetParameterRequest { Name = name, WithDecryption = decrypt },
                cancellationToken);
            return VariableSourceResult.FoundText(response.Parameter.Value, request.At, isSecret: true);
        }
        catch (ParameterNotFoundException)
        {
            return VariableSourceResult.NotFound(
                $"the parameter '{name}' does not exist in region '{region}'");
        }
        catch (SecretStoreException error)
        {
            throw new VariableSourceException(error.Problem, error.Fix, error);
        }
        catch (AmazonServiceException error)
        {
            throw new VariableSourceException(
                $"reading parameter '{name}' failed: {(int)error.StatusCode} {error.ErrorCode}",
                "check that the credentials may call ssm:GetParameter (and kms:Decrypt for '~true').",
                error);
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw new VariableSourceException(
                Internal.Unreachable.Describe($"reading parameter '{name}'", "SSM", error),
                Internal.Unreachable.Fix(endpointOption: null),
                error);
        }
    }

    internal static (string Name, bool Decrypt) ParseAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            throw new VariableSourceException(
                "the reference names no parameter",
                "write it as ${ssm:/path/to/parameter}, adding '~true' to decrypt a SecureString.");
        }

        if (address.EndsWith("~true", StringComparison.Ordinal))
        {
            return (address[..^"~true".Length], true);
        }

        return address.EndsWith("~false", StringComparison.Ordinal)
            ? (address[..^"~false".Length], false)
            : (address, false);
    }
}
