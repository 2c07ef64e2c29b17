using Amazon.Runtime;

namespace Stratus.Aws.Internal;

/// <summary>Tells a service that was never reached from one that answered with an error.</summary>
internal static class Unreachable
{
    // The SDK wraps some transport failures in AmazonClientException and lets others (a refused connection, say)
    // through as they are; both mean the service was not reached.
    public static bool Is(Exception error) =>
        error is AmazonClientException or HttpRequestException or System.Net.Sockets.SocketException
            or IOException;

    /// <summary>
    /// "OPERATION failed: SERVICE could not be reached: CAUSE", the one wording of every such failure.
    /// </summary>
    public static string Describe(string operation, string service, Exception error) =>
        $"{operation} failed: {service} could not be reached: {error.Message.TrimEnd('.')}";

    /// <summary>The fix of every such failure, naming the command's endpoint option when it has one.</summary>
    public static string Fix(string? endpointOption) =>
        endpointOption is null
            ? "check the network and the region."
            : $"check the network, the region and {endpointOption}.";
}
