using System.Text;
using System.Text.Json.Nodes;

namespace Stratus.Local.Tests.Support;

internal static class Json
{
    public static JsonNode Parse(ReadOnlyMemory<byte> payload) =>
        JsonNode.Parse(Encoding.UTF8.GetString(payload.Span)) ?? throw new InvalidOperationException("null JSON");

    public static JsonNode Parse(string text) =>
        JsonNode.Parse(text) ?? throw new InvalidOperationException("null JSON");

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    public static int Pid(InvocationResult result) => Parse(result.Payload)["pid"]!.GetValue<int>();
}
