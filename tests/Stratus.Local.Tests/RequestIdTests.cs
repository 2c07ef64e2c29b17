using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>The ids the local cloud makes for each request, in the formats Lambda, API Gateway and X-Ray use.</summary>
public sealed class RequestIdTests
{
    [Fact]
    public void NewRequestId_IsARandomVersion4UuidAndNeverRepeats()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => CloudContext.NewRequestId()).ToList();

        const string Version4Uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
        Assert.All(ids, id => Assert.Matches(Version4Uuid, id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void NewExtendedRequestId_Is16CharactersOfBase64LikeApiGatewaysAndNeverRepeats()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => CloudContext.NewExtendedRequestId()).ToList();

        // The shape of x-amz-apigw-id, such as 'BQGojGkVIAMFjWA=': 11 bytes of base64.
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9+/]{15}=$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void NewTraceId_IsAnXRayHeaderWithTheRequestTimeInItsRoot()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(0x5759e988);

        var traceId = CloudContext.NewTraceId(now);

        Assert.Matches("^Root=1-5759e988-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", traceId);
        Assert.NotEqual(traceId, CloudContext.NewTraceId(now));
    }
}
