namespace Stratus.Service.Internal.Model;

/// <summary>
/// The error for a stage CloudFormation would refuse, the same whether the service model finds it or the variable
/// resolver does while resolving ${sls:stage} (before any name built from it can fail in its place).
/// </summary>
internal static class StageErrors
{
    public static ConfigError Invalid(SourceSpan at, string stage, bool fromOption) => new(
        ConfigErrorCodes.StageInvalid,
        at,
        $"the stage '{DisplayText.Escaped(stage)}' is not letters, digits and hyphens (at most 128), as a " +
        "CloudFormation stack name needs" + (fromOption ? " (it comes from --stage)." : "."),
        fromOption
            ? "pass --stage a name such as 'dev', 'qa' or 'prod'."
            : "use a stage name such as 'dev', 'qa' or 'prod'.");
}
