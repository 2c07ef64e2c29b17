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

    private static async Task<string> NativeOutputPathAsync(string handler, string runtimeIdentifier)
    {
        var project = Path.Combine(
            ExamplePackageFixture.FindRepository(),
            "examples", "users-service", "src", "UsersService.Functions", "UsersService.Functions.csproj");
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "msbuild", project, "-nologo", "-getProperty:NativeOutputPath", $"-p:StratusHandler={handler}",
            "-p:PublishAot=true", $"-p:RuntimeIdentifier={runtimeIdentifier}", "-p:Configuration=Release",
        })
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
