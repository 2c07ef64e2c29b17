using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

/// <summary>Type names in the SDK's messages, written as C# writes them.</summary>
public sealed class TypeNamesTests
{
    [Theory]
    [InlineData(typeof(string), "System.String")]
    [InlineData(
        typeof(Dictionary<string, string>),
        "System.Collections.Generic.Dictionary<System.String, System.String>")]
    [InlineData(typeof(List<int[]>), "System.Collections.Generic.List<System.Int32[]>")]
    [InlineData(typeof(Nested), "Stratus.Functions.Tests.TypeNamesTests.Nested")]
    public void Display_AnyType_IsItsCSharpName(Type type, string expected)
    {
        Assert.Equal(expected, TypeNames.Display(type));
    }

    private sealed class Nested;
}
