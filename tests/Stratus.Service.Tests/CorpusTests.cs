using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Stratus.Service.Tests;

/// <summary>Loads every case of the shared serverless.yml corpus (third-party files, read-only test data).</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly ServiceLoadOptions DevStage = new()
    {
        Stage = "dev",
        Options = new Dictionary<string, string> { ["stage"] = "dev" },
        Environment = new Dictionary<string, string>(),
        InstanceId = "corpus",
    };

    [Fact]
    public void Load_EveryCorpusCase_LoadsOrReportsLocatedErrors()
    {
        var corpus = CorpusCase.FindCorpus();
        var report = new StringBuilder();
        var loaded = 0;
        var unexpected = new List<string>();

        foreach (var folder in CorpusCase.CaseFolders(corpus))
        {
            using var corpusCase = CorpusCase.CopyToTemp(folder);
            var outcome = LoadCase(corpusCase, unexpected);
            loaded += outcome is null ? 1 : 0;
            report.Append(outcome is null ? "LOADS " : "ERROR ").Append(corpusCase.Name).Append(outcome).Append('\n');
        }

        output.WriteLine(report.ToString());
        Assert.Empty(unexpected);
        Assert.True(loaded >= 20, $"only {loaded} corpus cases loaded:\n{report}");
    }

    [Fact]
    public void Load_CliVariablesFixture_MatchesFrameworkPrintOutput()
    {
        using var corpusCase = Case("serverless__serverless__test__fixtures__cli__variables");

        var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);

        var printed = ServicePrinter.ToYaml(service.Resolved);
        Assert.Contains("nestedInPrototype: bar-in-prototype", printed, StringComparison.Ordinal);
        Assert.Contains("${AWS::Region}", printed, StringComparison.Ordinal);
        Assert.Contains("${AnotherResource}", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NestedKeyWithFallback_FlowsNumberIntoIncludedFile()
    {
        using var corpusCase = Case("AnomalyInnovations__serverless-stack-demo-api__at-00a3396");

        var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);

        var json = ServicePrinter.ToJson(service.Resolved);
        Assert.Matches(new Regex("\"ReadCapacityUnits\": 1\\b"), json);
    }

    [Fact]
    public void Load_MissingFileWithEmptyFallback_GivesEmptyString()
    {
        using var corpusCase = Case("serverless__examples__aws-python-telegram-bot");

        var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);

        var environment = service.Functions.SelectMany(function => function.Environment);
        Assert.Equal(string.Empty, environment.First(pair => pair.Key == "TELEGRAM_TOKEN").Value);
    }

    [Fact]
    public void Load_ParentFolderInclude_ResolvesThroughOutsideTree()
    {
        using var corpusCase = Case("AnomalyInnovations__serverless-stack-demo-api__services__billing-api");

        var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);

        Assert.IsType<ConfigMapping>(service.Resolved.Find("custom"));
    }

    [Fact]
    public void Load_CommentedVariable_IsNotResolved()
    {
        using var corpusCase = Case("serverless__examples__legacy__aws-csharp");

        var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);

        var handlers = service.Functions.Select(function => function.Handler);
        Assert.Contains(handlers, handler => handler.StartsWith("CsharpHandlers::", StringComparison.Ordinal));
    }

    private static bool IsLocated(ConfigError error) =>
        error.At.Line >= 1
        && error.At.Column >= 1
        && error.At.File.Length > 0
        && Regex.IsMatch(error.Code, "^STR1[0-9]{3}$")
        && error.Message.Length > 0
        && error.Fix.Length > 0;

    private static CorpusCase Case(string name) =>
        CorpusCase.CopyToTemp(Path.Combine(CorpusCase.FindCorpus(), name));

    private static string? LoadCase(CorpusCase corpusCase, List<string> unexpected)
    {
        try
        {
            var service = ServiceLoader.Load(corpusCase.ConfigPath, DevStage);
            var yaml = ServicePrinter.ToYaml(service.Resolved);
            var json = ServicePrinter.ToJson(service.Resolved);
            using var document = JsonDocument.Parse(json);
            var reparsed = ConfigYaml.Parse(yaml, "printed.yml");
            if (ServicePrinter.ToJson(reparsed) != json)
            {
                unexpected.Add($"{corpusCase.Name}: printed YAML does not read back to the same values");
            }

            return null;
        }
        catch (ConfigException error)
        {
            foreach (var bad in error.Errors.Where(e => !IsLocated(e)))
            {
                unexpected.Add($"{corpusCase.Name}: unlocated error {bad}");
            }

            var first = error.Errors[0];
            var at = $"{Path.GetFileName(first.At.File)}:{first.At.Line}:{first.At.Column}";
            return $" ({error.Errors.Count} error(s); first {first.Code} at {at}: {first.Message})";
        }
        catch (Exception error)
        {
            unexpected.Add($"{corpusCase.Name}: {error.GetType().Name}: {error.Message}");
            return $" (unexpected {error.GetType().Name})";
        }
    }
}
