using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// Help and error text are part of the interface: they are locked in files under Snapshots/, so any wording change
/// shows up in review. Set STRATUS_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change.
/// </summary>
public sealed class HelpSnapshotTests
{
    [Theory]
    [InlineData("root-help.txt", "--help")]
    [InlineData("dev-help.txt", "dev", "--help")]
    [InlineData("invoke-local-help.txt", "invoke", "local", "--help")]
    [InlineData("print-help.txt", "print", "--help")]
    [InlineData("package-help.txt", "package", "--help")]
    [InlineData("secrets-help.txt", "secrets", "--help")]
    public async Task Help_Text_MatchesSnapshot(string snapshot, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        AssertMatchesSnapshot(snapshot, run.Out);
    }

    [Fact]
    public async Task UnknownCommand_ErrorText_MatchesSnapshot()
    {
        var run = await CliRun.RunAsync("deploy-everything");

        AssertMatchesSnapshot("unknown-command-error.txt", run.Error);
    }

    private static void AssertMatchesSnapshot(string name, string actual)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Stratus.Cli.Tests", "Snapshots", name);
        // Usage names the running executable: the test host here, `stratus` for users.
        actual = actual.ReplaceLineEndings("\n").Replace("  testhost ", "  stratus ", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("STRATUS_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No snapshot at '{path}'; run with STRATUS_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
