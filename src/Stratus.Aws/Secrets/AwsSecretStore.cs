using System.Net;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Stratus.Aws.Internal;

namespace Stratus.Aws.Secrets;

/// <summary>
/// The AWS backend: KMS Encrypt/Decrypt with the encryption context {service, stage, secret}, and one S3 object per
/// secret (server-side encryption requested) holding the envelope that <c>${s3:bucket/name}</c> reads.
/// </summary>
public sealed class AwsSecretStore : ISecretStore
{
    private const string KeyIdMetadata = "stratus-key-id";

    private readonly IAmazonS3 _s3;
    private readonly IAmazonKeyManagementService _kms;

    /// <summary>Creates a store for one bucket, key and encryption context.</summary>
    /// <exception cref="SecretStoreException">The bucket name is not valid.</exception>
    public AwsSecretStore(IAmazonS3 s3, IAmazonKeyManagementService kms, SecretScope scope)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(scope);

        SecretNames.ValidateBucket(scope.Bucket);
        _s3 = s3;
        _kms = kms;
        Scope = scope;
    }

    /// <inheritdoc />
    public SecretScope Scope { get; }

    /// <inheritdoc />
    public async Task<SecretInfo> SetAsync(string name, string plaintext, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        ArgumentNullException.ThrowIfNull(plaintext);

        // Encrypt first: if KMS refuses, nothing has been written to the bucket.
        var encrypted = await CallKmsAsync(
            $"encrypting secret '{name}' with KMS key '{Scope.KmsKeyId}'",
            () => _kms.EncryptAsync(
                new EncryptRequest
                {
                    KeyId = Scope.KmsKeyId,
                    Plaintext = new MemoryStream(Encoding.UTF8.GetBytes(plaintext)),
                    EncryptionContext = Context(name),
                },
                cancellationToken));
        var keyId = string.IsNullOrEmpty(encrypted.KeyId) ? Scope.KmsKeyId : encrypted.KeyId;
        var header = SecretEnvelope.FormatHeader(keyId, Scope.Service, Scope.Stage, name);
        var envelope = SecretEnvelope.Format(SecretEnvelope.KmsBackend, header, encrypted.CiphertextBlob.ToArray());

        var request = new PutObjectRequest
        {
            BucketName = Scope.Bucket,
            Key = name,
            ContentBody = envelope,
            ContentType = "text/plain",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            UseChunkEncoding = false,
        };
        request.Metadata.Add(KeyIdMetadata, keyId);
        await CallS3Async(
            $"storing secret '{name}' in bucket '{Scope.Bucket}'",
            name,
            () => _s3.PutObjectAsync(request, cancellationToken));
        return new SecretInfo(name, DateTimeOffset.UnixEpoch, keyId);
    }

    /// <inheritdoc />
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        var text = await ReadEnvelopeAsync(name, cancellationToken);
        var envelope = SecretEnvelope.TryParse(text, out var error);
        if (envelope is null || envelope.Backend != SecretEnvelope.KmsBackend)
        {
            throw new SecretStoreException(
                $"the object '{name}' in bucket '{Scope.Bucket}' cannot be decrypted: "
                + (envelope is null ? error : $"it is a '{envelope.Backend}' envelope, not a KMS one"),
                $"set it again with 'stratus secrets set {name} --stage {Scope.Stage}'.")
            {
                Code = SecretStoreErrorCodes.Undecryptable,
            };
        }

        var decrypted = await CallKmsAsync(
            $"decrypting secret '{name}' with KMS key '{envelope.KeyId}'",
            () => _kms.DecryptAsync(
                new DecryptRequest
                {
                    CiphertextBlob = new MemoryStream(envelope.Payload),
                    KeyId = envelope.KeyId,
                    EncryptionContext = envelope.EncryptionContext(),
                },
                cancellationToken));
        return Encoding.UTF8.GetString(decrypted.Plaintext.ToArray());
    }

    /// <summary>Reads the stored envelope text (ciphertext).</summary>
    /// <exception cref="SecretStoreException">The object or the bucket does not exist.</exception>
    public async Task<string> ReadEnvelopeAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);

        using var response = await CallS3Async(
            $"reading secret '{name}' from bucket '{Scope.Bucket}'",
            name,
            () => _s3.GetObjectAsync(Scope.Bucket, name, cancellationToken));
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return (await reader.ReadToEndAsync(cancellationToken)).Trim();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var secrets = new List<SecretInfo>();
        var request = new ListObjectsV2Request { BucketName = Scope.Bucket };
        ListObjectsV2Response page;
        do
        {
            page = await CallS3Async(
                $"listing the secrets in bucket '{Scope.Bucket}'",
                null,
                () => _s3.ListObjectsV2Async(request, cancellationToken));
            foreach (var item in page.S3Objects ?? [])
            {
                var metadata = await CallS3Async(
                    $"reading the key id of secret '{item.Key}'",
                    item.Key,
                    () => _s3.GetObjectMetadataAsync(Scope.Bucket, item.Key, cancellationToken));
                var keyId = metadata.Metadata[KeyIdMetadata] ?? "(unknown)";
                var modified = item.LastModified is { } at
                    ? new DateTimeOffset(at.ToUniversalTime())
                    : DateTimeOffset.UnixEpoch;
                secrets.Add(new SecretInfo(item.Key, modified, keyId));
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return secrets.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);

        var operation = $"deleting secret '{name}' from bucket '{Scope.Bucket}'";
        try
        {
            await _s3.GetObjectMetadataAsync(Scope.Bucket, name, cancellationToken);
        }
        catch (AmazonS3Exception error)
            when (error.StatusCode == HttpStatusCode.NotFound && error.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (AmazonServiceException error)
        {
            throw S3Failure(operation, name, error);
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw Unreachable(operation, "S3", "--s3-endpoint", error);
        }

        await CallS3Async(
            $"deleting secret '{name}' from bucket '{Scope.Bucket}'",
            name,
            () => _s3.DeleteObjectAsync(Scope.Bucket, name, cancellationToken));
        return true;
    }

    private Dictionary<string, string> Context(string name) => new(StringComparer.Ordinal)
    {
        ["service"] = Scope.Service,
        ["stage"] = Scope.Stage,
        ["secret"] = name,
    };

    private async Task<T> CallS3Async<T>(string operation, string? name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException error)
        {
            throw S3Failure(operation, name, error);
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw Unreachable(operation, "S3", "--s3-endpoint", error);
        }
    }

    private static SecretStoreException Unreachable(string operation, string service, string option, Exception error) =>
        new(
            Internal.Unreachable.Describe(operation, service, error),
            Internal.Unreachable.Fix(option),
            error) { Code = SecretStoreErrorCodes.AwsUnreachable };

    private SecretStoreException S3Failure(string operation, string? name, AmazonServiceException error)
    {
        if (error.ErrorCode == "NoSuchBucket")
        {
            return new SecretStoreException(
                $"{operation} failed: the secrets bucket '{Scope.Bucket}' does not exist",
                $"create it (aws s3 mb s3://{Scope.Bucket}), or set custom.stratus.secrets.bucket in serverless.yml.",
                error) { Code = SecretStoreErrorCodes.BucketMissing };
        }

        if (error.ErrorCode == "NoSuchKey" || (error.StatusCode == HttpStatusCode.NotFound && name is not null))
        {
            return new SecretStoreException(
                $"stage '{Scope.Stage}' has no secret '{name}' in bucket '{Scope.Bucket}'",
                $"set it with 'stratus secrets set {name} --stage {Scope.Stage}'.",
                error) { Code = SecretStoreErrorCodes.NotFound };
        }

        return new SecretStoreException(
            $"{operation} failed: S3 answered {(int)error.StatusCode} {error.ErrorCode}: {error.Message.TrimEnd('.')}",
            "check that the credentials may use the bucket (s3:GetObject, s3:PutObject, s3:ListBucket, "
            + "s3:DeleteObject).",
            error) { Code = SecretStoreErrorCodes.S3Refused };
    }

    private async Task<T> CallKmsAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Amazon.KeyManagementService.Model.NotFoundException error)
        {
            throw new SecretStoreException(
                $"{operation} failed: the KMS key '{Scope.KmsKeyId}' does not exist in this account and region",
                "create it (aws kms create-key, then aws kms create-alias --alias-name alias/stratus-secrets), or set "
                + "custom.stratus.secrets.kmsKeyId in serverless.yml.",
                error) { Code = SecretStoreErrorCodes.KmsKeyMissing };
        }
        catch (InvalidCiphertextException error)
        {
            throw new SecretStoreException(
                $"{operation} failed: KMS rejected the ciphertext (it was changed, or it belongs to another "
                + "service, stage or secret name)",
                "set the secret again with 'stratus secrets set'.",
                error) { Code = SecretStoreErrorCodes.Undecryptable };
        }
        catch (AmazonServiceException error)
        {
            throw new SecretStoreException(
                $"{operation} failed: KMS answered {(int)error.StatusCode} {error.ErrorCode}: "
                + error.Message.TrimEnd('.'),
                "check that the credentials may use the key (kms:Encrypt, kms:Decrypt).",
                error) { Code = SecretStoreErrorCodes.KmsRefused };
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw Unreachable(operation, "KMS", "--kms-endpoint", error);
        }
    }
}
