using System.Text.RegularExpressions;

namespace Stratus.Service;

/// <summary>
/// What AWS accepts as a stage, function or region name; the service model and the command line check them.
/// </summary>
public static partial class NameRules
{
    /// <summary>The longest function name Lambda takes (its ARN may be longer).</summary>
    public const int MaxFunctionNameLength = 64;

    /// <summary>
    /// True for up to 128 letters, digits and hyphens: the stage ends up in the stack name
    /// ('&lt;service&gt;-&lt;stage&gt;'), which CloudFormation limits to those and to 128 characters, so an
    /// underscore or a longer stage would only fail at deploy time.
    /// </summary>
    public static bool IsStage(string value) => StagePattern().IsMatch(value);

    /// <summary>True for a function name Lambda takes: 1 to 64 letters, digits, hyphens and underscores.</summary>
    public static bool IsFunctionName(string value) => FunctionNamePattern().IsMatch(value);

    /// <summary>True for a name shaped like an AWS region's, such as 'us-east-1' or 'us-gov-west-1'.</summary>
    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    [GeneratedRegex("^[a-zA-Z0-9-]{1,128}\\z")]
    private static partial Regex StagePattern();

    // Lambda's CreateFunction takes up to 140 characters, but only as an ARN: the name itself is at most 64
    // (MaxFunctionNameLength). \z, not $, which would also match before a final line end.
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}\\z")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z]{2,}(-[a-z]+)+-[0-9]+\\z")]
    private static partial Regex RegionPattern();
}
