using System.Diagnostics;

namespace Stratus.Packaging.Tests;

/// <summary>What Stratus.Functions.targets sets for a one-handler publish, read by evaluating the example's project.</summary>
public sealed class EntryPointTargetsTests
{
    [Fact]
    public async Task NativeOutputPath_TwoHandlersAndTwoArchitectures_EachLinksIntoItsOwnFolder()
    {
        // Regression: with one shared link folder, a publish whose object file was up to date (package --force,
        // or a deleted package cache) skipped the link and zipped the last-linked function's bootstrap.
        var status = await NativeOutputPathAsync("UsersService.Functions.Status.GetStatusHandler", "linux-x64");
        var getMe = await NativeOutputPathAsync("UsersService.Functions.Tokens.GetMeHandler", "linux-x64");
        var statusArm = await NativeOutputPathAsync("UsersService.Functions.Status.GetStatusHandler", "linux-arm64");

        Assert.Equal(3, new[] { status, getMe, statusArm }.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("GetStatusHandler", status, StringComparison.Ordinal);
        Assert.Contains("linux-arm64", statusArm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathMap_ProjectOutsideAnyRepositoryMap_IsMappedOnlyWhenStratusPackages()
    {
        // A user's project, with no Directory.Build.props that maps paths (the temp folder has none above it).
        var folder = Directory.CreateTempSubdirectory("stratus-pathmap-").FullName;
        try
        {
            var targets = Path.Combine(
                ExamplePackageFixture.FindRepository(), "src", "Stratus.Functions", "build", "Stratus.Functions.targets");
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

    private static Task<string> NativeOutputPathAsync(string handler, string runtimeIdentifier)
    {
        var project = Path.Combine(
            ExamplePackageFixture.FindRepository(),
            "examples", "users-service", "src", "UsersService.Functions", "UsersService.Functions.csproj");
        return EvaluateAsync(
            project,
            "NativeOutputPath",
            $"-p:StratusHandler={handler}",
            "-p:PublishAot=true",
            $"-p:RuntimeIdentifier={runtimeIdentifier}",
            "-p:Configuration=Release");
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
