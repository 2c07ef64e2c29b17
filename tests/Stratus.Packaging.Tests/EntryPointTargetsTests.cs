using System.Diagnostics;

namespace Stratus.Packaging.Tests;

/// <summary>
/// What Stratus.Functions.targets sets for a one-handler publish, read by evaluating the example's project.
/// </summary>
public sealed class EntryPointTargetsTests
{
    [Fact]
    public async Task PathMap_ProjectOutsideAnyRepositoryMap_IsMappedOnlyWhenStratusPackages()
    {
        // A user's project, with no Directory.Build.props that maps paths (the temp folder has none above it).
        var folder = Directory.CreateTempSubdirectory("stratus-pathmap-").FullName;
        try
        {
            var targets = Path.Combine(
                ExamplePackageFixture.FindRepository(),
                "src",
                "Stratus.Functions",
                "build",
                "Stratus.Functions.targets");
            var project = Path.Combine(folder, "Probe.csproj");
            await File.WriteAllTextAsync(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <Import Project="{targets}" />
                </Project>
                """);

            var packaging = await EvaluateAsync(project, "PathMap", "-p:StratusPackage=true");
            var everyday = await EvaluateAsync(project, "PathMap");

            Assert.Equal($"{folder}=/function/", packaging);
            Assert.Equal("", everyday);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task PublisherProperty_PathWithCommaSemicolonAndPercent_ReachesMsBuildWhole()
    {
        // Regression: a toolchains folder named "tc,comma" split -p:SysRoot= into two properties (MSB1006).
        const string Path = "/tmp/tool chains,v2;x/%41sysroot";
        var project = System.IO.Path.Combine(
            ExamplePackageFixture.FindRepository(),
            "examples", "users-service", "src", "UsersService.Functions", "UsersService.Functions.csproj");

        var property = Stratus.Packaging.Internal.Publisher.Property("SysRoot", Path);

        var value = await EvaluateAsync(project, "SysRoot", property);

        Assert.Equal(Path, value);
    }

    /// <summary>Evaluates the project (no build) and returns one property's value.</summary>
    private static async Task<string> EvaluateAsync(string project, string property, params string[] properties)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", $"-getProperty:{property}" }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync(deadline.Token));
        return output.Trim();
    }
}
