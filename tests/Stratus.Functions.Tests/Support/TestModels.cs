using System.Text.Json.Serialization;

namespace Stratus.Functions.Tests.Support;

public sealed record Greeting(string Name);

public sealed record GreetingReply(string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(GreetingReply))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
