using System.Security.Cryptography;
using Stratus.Aws.Secrets;
using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>
/// <c>${s3:bucket/key}</c> against the local store, so the same references work under <c>stratus dev</c> and
/// <c>invoke local</c>: the value is the stored envelope (ciphertext), decrypted in the function with the local
/// key. With <see cref="GenerateMissing"/>, a missing secret is created at random and announced.
/// </summary>
// Limitation: with GenerateMissing, a missing object is generated even when the reference has a fallback
// (${s3:b/k, 'x'}), because a source cannot see the fallback; the fallback is never used under 'stratus dev'.
// Tracked in #6.
public sealed class LocalS3VariableSource : IVariableSource
{
    private readonly LocalSecretsHome _home;
    private readonly string _service;
    private readonly TextWriter _announcements;

    /// <summary>Creates the source for a service; announcements of generated secrets go to the writer.</summary>
    public LocalS3VariableSource(LocalSecretsHome home, string service, TextWriter announcements)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(announcements);

        _home = home;
        _service = service;
        _announcements = announcements;
    }

    /// <summary>Gets whether a missing secret is generated (256 random bits) instead of reported missing.</summary>
    public bool GenerateMissing { get; init; }

    /// <inheritdoc />
    public async ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var address = S3Address.Parse(request);
        var (bucket, key) = address;
        try
        {
            var scope = new SecretScope { Service = _service, Stage = request.Stage, Bucket = bucket };
            var store = new LocalSecretStore(_home, scope);
            if (await store.ReadEnvelopeAsync(key, cancellationToken) is { } envelope)
            {
                return VariableSourceResult.FoundText(envelope, request.At, isSecret: true) with { IsEncrypted = true };
            }

            // A fallback written for local runs stands in for the secret, as it would for a missing object in AWS.
            if (!GenerateMissing || request.HasFallback)
            {
                return VariableSourceResult.NotFound(
                    $"the local store has no object '{key}' in bucket '{bucket}' "
                    + $"(folder '{_home.BucketDirectory(bucket)}')",
                    MissingSecretFix.For(address, request.Stage, local: true));
            }

            await store.SetAsync(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
            await _announcements.WriteLineAsync(
                $"Generated a random 256-bit secret '{key}' in the local store (bucket '{bucket}'), because "
                + $"{request.At.File}:{request.At.Line}:{request.At.Column} needs it; replace it with "
                + $"'stratus secrets set {key} --local --stage {request.Stage}'.");
            var generated = await store.ReadEnvelopeAsync(key, cancellationToken)
                ?? throw new InvalidOperationException($"The generated secret '{key}' was not found after writing it.");
            return VariableSourceResult.FoundText(generated, request.At, isSecret: true) with { IsEncrypted = true };
        }
        catch (SecretStoreException error)
        {
            throw new VariableSourceException(error.Problem, error.Fix, error);
        }
    }
}
