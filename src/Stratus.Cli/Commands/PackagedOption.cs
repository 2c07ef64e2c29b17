using System.CommandLine;

namespace Stratus.Cli.Commands;

/// <summary>`--packaged`, shared by `dev` and `invoke local`: run the artifacts `stratus package` writes.</summary>
internal static class PackagedOption
{
    /// <summary>The option's name, by which commands read its value.</summary>
    public const string Name = "--packaged";

    /// <summary>Creates the option; each command holds its own instance, as System.CommandLine expects.</summary>
    public static Option<bool> Create() => new(Name)
    {
        Description = "Run the packaged artifacts (Native AOT for provided.al2023) instead of the quick managed build.",
    };
}
