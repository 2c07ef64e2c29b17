using System.Text.RegularExpressions;

namespace Stratus.Service;

/// <summary>
/// What AWS accepts as a stage, function or region name; the service model and the command line check them.
/// </summary>
public static partial class NameRules
{
    /// <summary>
    /// True for letters, digits and hyphens: the stage ends up in the stack name ('&lt;service&gt;-&lt;stage&gt;'),
    /// which CloudFormation limits to those, so an underscore would only fail at deploy time.
    /// </summary>
    public static bool IsStage(string value) => StagePattern().IsMatch(value);

    /// <summary>True for a function name Lambda takes: 1 to 64 letters, digits, hyphens and underscores.</summary>
    public static bool IsFunctionName(string value) => FunctionNamePattern().IsMatch(value);

    /// <summary>True for a name shaped like an AWS region's, such as 'us-east-1' or 'us-gov-west-1'.</summary>
    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    [GeneratedRegex("^[a-zA-Z0-9-]+$")]
    private static partial Regex StagePattern();

    // Lambda's CreateFunction takes up to 140 characters, but only as an ARN: the name itself is at most 64.
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z]{2,}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
