using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Stratus.Functions.Testing.Internal;

/// <summary>Source-generated JSON for the few values the builders write themselves.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestingJsonContext : JsonSerializerContext
{
}
