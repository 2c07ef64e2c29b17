using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus print` on the example and on real third-party serverless.yml files.</summary>
public sealed class PrintTests
{
    [Fact]
    public async Task Print_Example_ResolvesVariablesForTheStage()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("print", "--config", config, "--stage", "qa", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var printed = JsonDocument.Parse(run.Out);
        var provider = printed.RootElement.GetProperty("provider");
        Assert.Equal("qa", provider.GetProperty("stage").GetString());
        Assert.Equal("users-service-qa-users", provider.GetProperty("environment").GetProperty("USERS_TABLE").GetString());
    }

    [Fact]
    public async Task Print_WithPath_PrintsOnlyThatPart()
    {
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var run = await CliRun.RunAsync("print", "--config", config, "--path", "provider.memorySize");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("256", run.Out.Trim());
    }

    [Fact]
    public async Task Print_Corpus_ResolvesMostFilesAndLocatesEveryFailure()
    {
        var outcomes = new List<(string Case, CliRun Run)>();
        foreach (var config in Directory.EnumerateFiles(RepositoryPaths.Corpus, "serverless.yml", SearchOption.AllDirectories))
        {
            if (config.Contains("_outside", StringComparison.Ordinal))
            {
                continue;
            }

            outcomes.Add((config, await CliRun.RunAsync("print", "--config", config, "--stage", "dev")));
        }

        var printed = outcomes.Count(o => o.Run.ExitCode == 0);
        Assert.True(printed >= 20, $"only {printed} of {outcomes.Count} corpus files printed");
        Assert.All(outcomes.Where(o => o.Run.ExitCode != 0), o =>
        {
            Assert.Equal(2, o.Run.ExitCode);
            Assert.Matches(@"\.(yml|yaml|json):\d+:\d+: error STR\d{4}", o.Run.Error);
            Assert.DoesNotContain("   at ", o.Run.Error, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("serverless.yml")]
    [InlineData("serverless.yaml")]
    [InlineData("serverless.json")]
    public async Task Print_ConfigFolder_FindsTheServiceFileAsTheFrameworkDoes(string name)
    {
        var folder = Directory.CreateTempSubdirectory("stratus-config-").FullName;
        try
        {
            var text = name.EndsWith(".json", StringComparison.Ordinal)
                ? """{"service":"found","provider":{"name":"aws","runtime":"provided.al2023"}}"""
                : "service: found\nprovider:\n  name: aws\n  runtime: provided.al2023\n";
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);

            var run = await CliRun.RunAsync("print", "--config", folder, "--path", "service");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("found", run.Out.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The framework parses serverless.json with JSON.parse: a trailing comma, which YAML would take, is refused.
    [Fact]
    public async Task Print_ServerlessJsonWithTrailingComma_IsRefusedAtTheCommaInTheJsonFile()
    {
        var folder = Directory.CreateTempSubdirectory("stratus-config-").FullName;
        try
        {
            var path = Path.Combine(folder, "serverless.json");
            await File.WriteAllTextAsync(path, """
                {
                  "service": "found",
                  "provider": {"name": "aws"},
                }

                """);

            var run = await CliRun.RunAsync("print", "--config", folder);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains(
                $"{path}:3:30: error STR1012: the JSON cannot be read here: ", run.Error, StringComparison.Ordinal);
            Assert.Contains("fix: remove the comma after the last item.", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
