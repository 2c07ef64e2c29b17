using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus secrets --local` end to end, on a throwaway service, with STRATUS_HOME in a temp folder.</summary>
public sealed class SecretsCommandTests : IDisposable
{
    private const string Plaintext = "cli-plaintext-6a0f2";

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-secrets-cli-").FullName;
    private readonly string _config;
    private readonly string _stage = "s" + Guid.NewGuid().ToString("N")[..10];

    public SecretsCommandTests()
    {
        _config = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(_config, """
            service: secrets-probe
            provider:
              name: aws
            functions: {}
            """);
    }

    [Fact]
    public async Task SetListGetRemove_Local_WorkAndNeverPrintTheValueUnasked()
    {
        var set = await RunAsync("secrets", "set", "jwtSecret", "--value", Plaintext);
        var list = await RunAsync("secrets", "list");
        var get = await RunAsync("secrets", "get", "jwtSecret");
        var reveal = await RunAsync("secrets", "get", "jwtSecret", "--reveal");
        var remove = await RunAsync("secrets", "rm", "jwtSecret");
        var after = await RunAsync("secrets", "list");

        Assert.All([set, list, get, reveal, remove, after], run => Assert.Equal(0, run.ExitCode));
        Assert.Contains($"Stored secret 'jwtSecret' for stage '{_stage}'", set.Out);
        Assert.Contains("jwtSecret", list.Out);
        Assert.Contains("decrypts (19 characters)", get.Out);
        Assert.Equal(Plaintext + Environment.NewLine, reveal.Out);
        Assert.Contains("Removed secret 'jwtSecret'", remove.Out);
        Assert.Contains("No secrets", after.Out);
        Assert.All([set, list, get, remove, after], run => Assert.DoesNotContain(Plaintext, run.Out + run.Error));
    }

    [Fact]
    public async Task Set_ValueGivenAsASecondArgument_IsRefusedWithoutRepeatingIt()
    {
        var run = await RunAsync("secrets", "set", "jwtSecret", Plaintext);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4001", run.Error, StringComparison.Ordinal);
        Assert.Contains("'secrets set' takes only the secret's NAME", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_NameWrittenAsNameEqualsValue_IsRefusedWithoutRepeatingIt()
    {
        var run = await RunAsync("secrets", "set", $"jwtSecret={Plaintext}", "--value", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the secret's name holds '='", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("--local")]
    public async Task Set_ValueSpeltLikeAnOption_IsRefusedAndNothingIsStored(string word)
    {
        var run = await RunAsync("secrets", "set", "jwtSecret", "--value", word);
        var list = await RunAsync("secrets", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--value was given a word spelt like an option", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("jwtSecret", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_FromFile_StoresTheValueWithoutItsTrailingNewline()
    {
        var file = Path.Combine(_folder, "value.txt");
        await File.WriteAllTextAsync(file, Plaintext + "\n");

        var set = await RunAsync("secrets", "set", "apiKey", "--from-file", file);
        var reveal = await RunAsync("secrets", "get", "apiKey", "--reveal");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(Plaintext + Environment.NewLine, reveal.Out);
    }

    [Fact]
    public async Task Set_CustomBucket_StoresInThatBucketsFolder()
    {
        await File.AppendAllTextAsync(
            _config,
            "\ncustom:\n  stratus:\n    secrets:\n      bucket: probe-custom-secrets\n");

        var set = await RunAsync("secrets", "set", "jwtSecret", "--value", Plaintext);

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("bucket 'probe-custom-secrets'", set.Out);
        var stored = Path.Combine(TestStratusHome.Root, "local-secrets", "probe-custom-secrets", "jwtSecret");
        Assert.DoesNotContain(Plaintext, await File.ReadAllTextAsync(stored));
    }

    [Fact]
    public async Task Set_ValueAndFile_IsAUsageError()
    {
        var run = await RunAsync("secrets", "set", "jwtSecret", "--value", "x", "--from-file", _config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4201", run.Error);
    }

    [Fact]
    public async Task Remove_Missing_IsAUsageErrorNamingStageAndBucketAndTheListCommandForThem()
    {
        var run = await RunAsync("secrets", "rm", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            $"error STR4204: stage '{_stage}' has no secret 'nope' in bucket '{_stage}-secrets'",
            run.Error);
        Assert.Contains($"fix: run 'stratus secrets list --local --stage {_stage}'", run.Error);
    }

    [Fact]
    public async Task Get_Missing_FailsWithTheCommandThatSetsIt()
    {
        var run = await RunAsync("secrets", "get", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error STR4301: stage '{_stage}' has no secret 'nope' in the local store", run.Error);
        Assert.Contains($"fix: set it with 'stratus secrets set nope --local --stage {_stage}'", run.Error);
    }

    [Fact]
    public async Task Set_StageThatIsNoBucketName_IsRefusedBeforeAnyWrite()
    {
        var run = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--value", Plaintext, "--local", "--stage", "Upper", "--config", _config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4304: 'Upper-secrets' is not a valid S3 bucket name", run.Error);
        Assert.False(Directory.Exists(Path.Combine(TestStratusHome.Root, "local-secrets", "Upper-secrets")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--local", "--stage", _stage, "--config", _config]);
}
