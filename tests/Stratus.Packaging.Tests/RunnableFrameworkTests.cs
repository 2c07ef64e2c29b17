namespace Stratus.Packaging.Tests;

/// <summary>Which framework `dev`'s quick build runs for a project with TargetFrameworks (plural).</summary>
public sealed class RunnableFrameworkTests
{
    [Theory]
    [InlineData("net8.0;net10.0", "net10.0")]
    [InlineData("net10.0", "net10.0")]
    [InlineData(" net10.0 ; net8.0 ", "net10.0")]
    [InlineData("net10.0;net99.0", "net10.0")]
    [InlineData("netstandard2.0", "netstandard2.0")]
    public void RunnableFramework_SeveralFrameworks_PicksTheNewestThisMachineRuns(string frameworks, string expected)
    {
        Assert.Equal(expected, ManagedBuilder.RunnableFramework(frameworks));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RunnableFramework_NoTargetFrameworks_LeavesTheChoiceToTheProject(string? frameworks)
    {
        Assert.Null(ManagedBuilder.RunnableFramework(frameworks));
    }
}
