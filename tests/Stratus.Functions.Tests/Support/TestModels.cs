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

/// <summary>A context with System.Text.Json's defaults: PascalCase names, matched case-sensitively.</summary>
[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(GreetingReply))]
internal sealed partial class DefaultOptionsJsonContext : JsonSerializerContext
{
}
