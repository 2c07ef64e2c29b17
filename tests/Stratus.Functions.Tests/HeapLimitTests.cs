using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

/// <summary>The GC heap limit a function process takes from its memorySize, as AWS's .NET runtime sets it.</summary>
public sealed class HeapLimitTests
{
    private const ulong Machine = 24UL * 1024 * 1024 * 1024;

    [Fact]
    public void Choose_MemorySizeBelowWhatTheGcHas_IsTheLimitInBytes()
    {
        var limit = HeapLimit.Choose(Variables(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")), Machine);

        Assert.Equal(512UL * 1024 * 1024, limit);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData(" True ")]
    public void Choose_OptedOut_LeavesTheGcAlone(string optOut)
    {
        var variables = Variables(
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"), ("AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK", optOut));

        Assert.Null(HeapLimit.Choose(variables, Machine));
    }

    [Fact]
    public void Choose_OptOutOtherThanTrue_StillCaps()
    {
        var variables = Variables(
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"), ("AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK", "1"));

        Assert.Equal(512UL * 1024 * 1024, HeapLimit.Choose(variables, Machine));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-128")]
    [InlineData("0")]
    public void Choose_NoUsableMemorySize_LeavesTheGcAlone(string? memorySize)
    {
        var variables = memorySize is null ? Variables() : Variables(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memorySize));

        Assert.Null(HeapLimit.Choose(variables, Machine));
    }

    [Fact]
    public void Choose_GcAlreadyHasLess_KeepsTheLowerLimit()
    {
        // A DOTNET_GCHeapHardLimit the user set, or a machine smaller than the function's memorySize.
        var variables = Variables(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));

        Assert.Null(HeapLimit.Choose(variables, 256UL * 1024 * 1024));
    }

    private static Dictionary<string, string> Variables(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);
}
