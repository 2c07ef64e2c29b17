using Amazon.S3;
using Stratus.Aws.Secrets;
using Stratus.Tests.Shared;

namespace Stratus.Aws.Tests.Support;

/// <summary>A real s3rver and a fake KMS on 127.0.0.1, with clients pointed at them.</summary>
internal sealed class AwsBackend : IAsyncDisposable
{
    private AwsBackend(S3rverProcess s3, FakeKmsServer kms, AwsClients clients)
    {
        S3Server = s3;
        Kms = kms;
        Clients = clients;
        S3 = clients.CreateS3();
    }

    public S3rverProcess S3Server { get; }

    public FakeKmsServer Kms { get; }

    public AwsClients Clients { get; }

    public IAmazonS3 S3 { get; }

    public static async Task<AwsBackend> StartAsync(params string[] buckets)
    {
        var s3 = await S3rverProcess.StartAsync(buckets);
        var kms = await FakeKmsServer.StartAsync();
        var clients = new AwsClients(Settings(s3.Endpoint, kms.Endpoint, withCredentials: true));
        return new AwsBackend(s3, kms, clients);
    }

    public static AwsSettings Settings(Uri s3, Uri kms, bool withCredentials) => new()
    {
        Region = "us-east-1",
        S3Endpoint = s3,
        KmsEndpoint = kms,
        UseDefaultChain = false,
        Environment = withCredentials
            ? new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = S3rverProcess.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.SecretKey,
            }
            // A profile that cannot exist, so a developer's own default profile is not picked up.
            : new Dictionary<string, string> { ["AWS_PROFILE"] = "stratus-tests-no-such-profile" },
    };

    public AwsSecretStore Store(string stage = "dev", string? bucket = null) => new(
        S3,
        Clients.CreateKms(),
        new SecretScope
        {
            Service = "users-service",
            Stage = stage,
            Bucket = bucket ?? SecretScope.DefaultBucket(stage),
        });

    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        await Kms.DisposeAsync();
        await S3Server.DisposeAsync();
    }
}
