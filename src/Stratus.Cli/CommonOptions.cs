using System.CommandLine;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>Options every command accepts: which service file, which stage, and how much to say.</summary>
internal static class CommonOptions
{
    public const string ConfigName = "--config";
    public const string StageName = "--stage";
    public const string RegionName = "--region";
    public const string ParamName = "--param";
    public const string VerboseName = "--verbose";

    /// <summary>
    /// Adds a fresh set of the options to <paramref name="root"/>. Fresh, not shared statics: an option records the
    /// commands it belongs to, and roots built at once on several threads (as tests do) corrupted that record.
    /// Commands read the values by name (<see cref="StageName"/>, ...).
    /// </summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(new Option<string?>(ConfigName, "-c")
        {
            Description =
                "The service file, or a folder holding serverless.yml, .yaml or .json (default: this folder).",
            Recursive = true,
        });
        root.Options.Add(Checked(
            new Option<string?>(StageName, "-s")
            {
                Description = "Stage to resolve the service for (default: provider.stage, then 'dev').",
                Recursive = true,
            },
            NameRules.IsStage,
            "is not letters, digits and hyphens (at most 128), as a CloudFormation stack name needs",
            "a stage name such as 'dev', 'qa' or 'prod'"));
        root.Options.Add(Checked(
            new Option<string?>(RegionName, "-r")
            {
                Description = "AWS region (default: provider.region, then 'us-east-1').",
                Recursive = true,
            },
            NameRules.IsRegion,
            "is not an AWS region name",
            "a region such as 'us-east-1' or 'eu-west-1'"));
        root.Options.Add(new Option<string[]>(ParamName)
        {
            Description = "A ${param:key} value, as key=value; repeat for more.",
            Recursive = true,
        });
        root.Options.Add(new Option<bool>(VerboseName)
        {
            Description = "Show debug logs and stack traces.",
            Recursive = true,
        });
    }

    /// <summary>
    /// Refuses a value AWS would not take before anything is resolved: a service's variables often build names from
    /// the stage (`${s3:${sls:stage}-secrets/...}`), and an error about those would hide the cause. An empty value,
    /// or one that looks like an option, is refused too, where the Serverless Framework falls back to the default:
    /// both are most often a script's unset variable (`--stage "$STAGE"`, `--stage $STAGE --verbose`), and quietly
    /// using 'dev' would resolve, and one day deploy, the wrong stage.
    /// </summary>
    private static Option<string?> Checked(
        Option<string?> option,
        Func<string, bool> isValid,
        string problem,
        string example)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (string.IsNullOrWhiteSpace(token.Value))
                {
                    result.AddError(
                        $"{option.Name} is empty; pass {example} (an unset shell variable gives an empty one)");
                    return;
                }

                if (token.Value.StartsWith('-'))
                {
                    // `--stage $STAGE --verbose` with STAGE unset hands the next option over as the value.
                    result.AddError(
                        $"{option.Name} was given '{DisplayText.Escaped(token.Value)}', which looks like an option, " +
                        $"not a value (an unset shell variable leaves the next option in its place); pass {example}");
                    return;
                }

                if (!isValid(token.Value))
                {
                    result.AddError($"{option.Name} '{DisplayText.Escaped(token.Value)}' {problem}; pass {example}");
                    return;
                }
            }
        });
        return option;
    }
}
