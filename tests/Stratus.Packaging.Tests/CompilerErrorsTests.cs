using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>Compiler errors are shown as file:line:col, as every other Stratus error is.</summary>
public sealed class CompilerErrorsTests
{
    [Theory]
    [InlineData(
        "/src/A/Marker.cs(2,63): error CS1002: ; expected [/src/A/A.csproj]",
        "/src/A/Marker.cs:2:63: error CS1002: ; expected")]
    [InlineData(
        "/src/A/Marker.cs(12,5,12,9): error CS0103: The name 'retrun' does not exist "
            + "[/src/A/A.csproj::TargetFramework=net10.0]",
        "/src/A/Marker.cs:12:5: error CS0103: The name 'retrun' does not exist")]
    [InlineData(
        "/src/A/A.csproj : error NU1015: The following PackageReference item(s) do not have a version "
            + "[/src/A/A.csproj]",
        "/src/A/A.csproj : error NU1015: The following PackageReference item(s) do not have a version")]
    [InlineData(
        "MSBUILD : error MSB1025: An internal failure occurred.",
        "MSBUILD : error MSB1025: An internal failure occurred.")]
    public void Located_MsBuildErrorLine_IsWrittenAsFileLineColumn(string line, string expected) =>
        Assert.Equal(expected, CompilerErrors.Located(line));

    [Fact]
    public void Of_BuildOutput_KeepsEachErrorOnceAndNothingElse()
    {
        string[] output =
        [
            "  Determining projects to restore...",
            "/src/A.cs(1,1): warning CS0168: unused [/src/A.csproj]",
            "/src/A.cs(2,3): error CS1002: ; expected [/src/A.csproj]",
            "/src/A.cs(2,3): error CS1002: ; expected [/src/A.csproj]",
        ];

        Assert.Equal(["/src/A.cs:2:3: error CS1002: ; expected"], CompilerErrors.Of(output));
    }
}
