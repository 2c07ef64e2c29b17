using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Stratus.Aws.Secrets;
using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>
/// <c>${s3:bucket/key}</c> on AWS: the object's text. A secret stored by <c>stratus secrets set</c> is its envelope
/// (ciphertext), which is what reaches the function's environment; the value is marked secret for printing.
/// </summary>
public sealed class S3VariableSource : IVariableSource
{
    private readonly Func<IAmazonS3> _client;
    private IAmazonS3? _s3;

    /// <summary>Creates the source; the client is made on first use, so credentials are only needed then.</summary>
    public S3VariableSource(Func<IAmazonS3> client)
    {
        ArgumentNullException.ThrowIfNull(client);

        _client = client;
    }

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
            _s3 ??= _client();
            using var response = await _s3.GetObjectAsync(bucket, key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            var text = (await reader.ReadToEndAsync(cancellationToken)).Trim();
            return VariableSourceResult.FoundText(text, request.At, isSecret: true) with
            {
                IsEncrypted = text.StartsWith(Internal.SecretEnvelope.Prefix, StringComparison.Ordinal),
            };
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchBucket")
        {
            throw new VariableSourceException(
                $"the bucket '{bucket}' does not exist",
                $"create it, or store the secret with 'stratus secrets set {key} --stage {request.Stage}'.",
                error);
        }
        catch (AmazonS3Exception error)
            when (error.ErrorCode == "NoSuchKey" || error.StatusCode == HttpStatusCode.NotFound)
        {
            return VariableSourceResult.NotFound(
                $"the object '{key}' does not exist in bucket '{bucket}'",
                MissingSecretFix.For(address, request.Stage, local: false));
        }
        catch (SecretStoreException error)
        {
            throw new VariableSourceException(error.Problem, error.Fix, error);
        }
        catch (AmazonServiceException error)
        {
            throw new VariableSourceException(
                $"reading object '{key}' from bucket '{bucket}' failed: {(int)error.StatusCode} {error.ErrorCode}",
                "check that the credentials may call s3:GetObject on the bucket.",
                error);
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw new VariableSourceException(
                Internal.Unreachable.Describe($"reading object '{key}' from bucket '{bucket}'", "S3", error),
                Internal.Unreachable.Fix("--s3-endpoint"),
                error);
        }
    }
}
