using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>How `stratus` answers its arguments: help, unknown commands and options, exit codes.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("dev", "--help")]
    [InlineData("invoke", "local", "--help")]
    [InlineData("print", "--help")]
    public async Task Help_OnEveryCommand_ExitsZeroAndDescribesIt(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRootCommand_TwoRoots_ShareNoOptionOrArgument()
    {
        // An option records the commands it belongs to; shared instances were mutated by every root built, and
        // roots built at once on several threads (parallel in-process runs) broke parsing now and then.
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, NullLoggerFactory.Instance);

        var first = Symbols(StratusApp.CreateRootCommand(console)).ToList();
        var second = Symbols(StratusApp.CreateRootCommand(console)).ToHashSet(ReferenceEqualityComparer.Instance);

        Assert.NotEmpty(first);
        Assert.DoesNotContain(first, symbol => second.Contains(symbol));
    }

    [Fact]
    public async Task RunAsync_ManyRunsAtOnce_EachParsesItsOwnArguments()
    {
        var runs = Enumerable.Range(0, 32)
            .Select(i => Task.Run(() => CliRun.RunAsync("print", "--format", i % 2 == 0 ? "yaml" : "xml", "--help")));

        var results = await Task.WhenAll(runs);

        Assert.All(results, run => Assert.Equal(0, run.ExitCode));
    }

    [Fact]
    public async Task UnknownCommand_ReportsUsageErrorWithExitCode2()
    {
        var run = await CliRun.RunAsync("deploy-everything");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4001", run.Error, StringComparison.Ordinal);
        Assert.Contains("'deploy-everything'", run.Error, StringComparison.Ordinal);
        Assert.Contains("fix:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ReportsUsageErrorWithExitCode2()
    {
        var run = await CliRun.RunAsync("print", "--colour", "blue");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--colour'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfig_SaysWhereItLookedAndHowToFix()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "serverless.yml");

        var run = await CliRun.RunAsync("print", "--config", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4002", run.Error, StringComparison.Ordinal);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serverless.js", false)]
    [InlineData("serverless.ts", false)]
    [InlineData("serverless.ts", true)]
    public async Task Print_FolderOrConfigWithOnlyAScript_SaysScriptsAreNotSupported(string name, bool asConfig)
    {
        var folder = Path.Combine(Path.GetTempPath(), "stratus-cli-script-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, name);
        await File.WriteAllTextAsync(script, "module.exports = { service: 'demo' };\n");

        try
        {
            var run = await CliRun.RunAsync("print", "--config", asConfig ? script : folder);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("error STR1017", run.Error, StringComparison.Ordinal);
            Assert.Contains("serverless print --format yaml > serverless.yml", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("STR4002", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task InvokeLocal_DataThatIsNotJson_FailsClearlyBeforeBuilding()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--data", "{not json", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4003", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_UnknownFunction_ListsTheKnownOnes()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("invoke", "local", "-f", "nope", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'status'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("-5")]
    public async Task Dev_PortOutOfRange_IsRefusedBeforeBuilding(string port)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("dev", "--port", port, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4001", run.Error, StringComparison.Ordinal);
        Assert.Contains($"--port {port}", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("3.5")]
    [InlineData("99999999999")]
    public async Task Dev_PortThatIsNotAWholeNumber_IsRefusedWithUsageErrorNotAStackTrace(string port)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("dev", "--port", port, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"STR4001: --port '{port}' is not a TCP port", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("print", "--stage", "")]
    [InlineData("print", "-s", "  ")]
    [InlineData("print", "--region", "")]
    [InlineData("dev", "--stage", "")]
    [InlineData("package", "-r", "")]
    public async Task EmptyStageOrRegion_IsRefusedAsAUsageErrorInsteadOfFallingBackToTheDefault(
        string command, string option, string value)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync(command, option, value, "--config", config);

        Assert.Equal(2, run.ExitCode);
        var name = option is "-s" or "--stage" ? "--stage" : "--region";
        Assert.Contains($"STR4001: {name} is empty; pass ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    // The example builds its secrets bucket from the stage (${s3:${sls:stage}-secrets/...}): checked later, a bad
    // stage surfaced as an invalid bucket name, an error about a line that is not the cause.
    [Theory]
    [InlineData("dev", "--stage", "a b", "is not letters, digits and hyphens")]
    [InlineData("dev", "-s", "my_stage", "is not letters, digits and hyphens")]
    [InlineData("invoke", "--stage", "dev.1", "is not letters, digits and hyphens")]
    [InlineData("dev", "--region", "moon-1", "is not an AWS region name")]
    [InlineData("print", "--region", "us-east-1\n", "is not an AWS region name")]
    public async Task StageOrRegionAwsWouldRefuse_IsRefusedBeforeTheServiceIsResolved(
        string command, string option, string value, string problem)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync(command, option, value, "--config", config);

        Assert.Equal(2, run.ExitCode);
        var name = option is "-s" or "--stage" ? "--stage" : "--region";
        var shown = value.Replace("\n", "\\n", StringComparison.Ordinal);
        Assert.Contains($"STR4001: {name} '{shown}' {problem}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("STR1111", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    // Before, only the bucket built from the stage was reported ("'dev_x-secrets' is not a valid S3 bucket name").
    [Fact]
    public async Task InvokeLocal_InvalidProviderStageInASecretsBucket_IsReportedAtTheStage()
    {
        var folder = Directory.CreateTempSubdirectory("stratus-stage-").FullName;
        try
        {
            var config = Path.Combine(folder, "serverless.yml");
            File.WriteAllText(config, """
                service: svc
                provider:
                  name: aws
                  stage: dev_x
                  environment:
                    JWT: ${s3:${sls:stage}-secrets/jwtSecret}
                functions:
                  hello:
                    handler: X.Functions::X.Functions.Hello
                """);

            var run = await CliRun.RunAsync("invoke", "local", "-f", "hello", "--config", config);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{config}:4:10: error STR1215: the stage 'dev_x'", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("STR1111", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // `--stage $STAGE --verbose` with STAGE unset: the next option must not become the stage.
    [Theory]
    [InlineData("--stage", "--verbose")]
    [InlineData("-r", "-x")]
    public async Task StageOrRegionThatLooksLikeAnOption_IsRefusedAsAMissingValue(string option, string value)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("print", option, value, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"was given '{value}', which looks like an option", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    // Any value an error echoes: a function name here, a secret's name elsewhere.
    [Fact]
    public async Task InvokeLocal_UnknownFunctionWithATerminalSequence_IsEchoedEscapedNotRaw()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("invoke", "local", "-f", "status\u001b[2J", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("status\\u001b[2J", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StageWithControlCharacters_IsEchoedEscapedNotRaw()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("print", "--stage", "\u001b[31mred", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stage '\\u001b[31mred'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_PortAlreadyInUse_IsRefusedBeforeBuildingWithAFix()
    {
        var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        try
        {
            var run = await CliRun.RunAsync("dev", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("STR4009", run.Error, StringComparison.Ordinal);
            Assert.Contains("--port", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task InvokeLocal_MalformedProjectFile_NamesTheFileLineAndFix()
    {
        var folder = Directory.CreateTempSubdirectory("stratus-badproj-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "P"));
            await File.WriteAllTextAsync(Path.Combine(folder, "P", "P.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "serverless.yml"),
                "service: s\nprovider:\n  name: aws\n  runtime: provided.al2023\nfunctions:\n  f:\n    handler: P::P.Handler\n");

            var run = await CliRun.RunAsync("invoke", "local", "-f", "f", "--config", folder);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("STR3013", run.Error, StringComparison.Ordinal);
            Assert.Contains("P.csproj:2:", run.Error, StringComparison.Ordinal);
            Assert.Contains("fix:", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<System.CommandLine.Symbol> Symbols(System.CommandLine.Command command)
    {
        foreach (var option in command.Options)
        {
            yield return option;
        }

        foreach (var argument in command.Arguments)
        {
            yield return argument;
        }

        foreach (var symbol in command.Subcommands.SelectMany(Symbols))
        {
            yield return symbol;
        }
    }
}
