using System.CommandLine;

namespace Stratus.Cli;

/// <summary>Options every command accepts: which service file, which stage, and how much to say.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "The service file, or a folder holding serverless.yml, .yaml or .json (default: this folder).",
        Recursive = true,
    };

    public static readonly Option<string?> Stage = new("--stage", "-s")
    {
        Description = "Stage to resolve the service for (default: provider.stage, then 'dev').",
        Recursive = true,
    };

    public static readonly Option<string?> Region = new("--region", "-r")
    {
        Description = "AWS region (default: provider.region, then 'us-east-1').",
        Recursive = true,
    };

    public static readonly Option<string[]> Param = new("--param")
    {
        Description = "A ${param:key} value, as key=value; repeat for more.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show debug logs and stack traces.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(Stage);
        root.Options.Add(Region);
        root.Options.Add(Param);
        root.Options.Add(Verbose);
    }
}
