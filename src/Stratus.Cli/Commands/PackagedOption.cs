using System.CommandLine;

namespace Stratus.Cli.Commands;

/// <summary>`--packaged`, shared by `dev` and `invoke local`: run the artifacts `stratus package` writes.</summary>
internal static class PackagedOption
{
    /// <summary>Creates the option; each command holds its own instance, as System.CommandLine expects.</summary>
    public static Option<bool> Create() => new("--packaged")
    {
        Description = "Run the packaged artifacts (Native AOT for provided.al2023) instead of the quick managed build.",
    };
}
