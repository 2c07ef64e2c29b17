using System.Text.RegularExpressions;

namespace Stratus.Service;

/// <summary>What AWS accepts as a stage or a region name; the service model and the command line check both.</summary>
public static partial class NameRules
{
    /// <summary>
    /// True for letters, digits and hyphens: the stage ends up in the stack name ('&lt;service&gt;-&lt;stage&gt;'), which
    /// CloudFormation limits to those, so an underscore would only fail at deploy time.
    /// </summary>
    public static bool IsStage(string value) => StagePattern().IsMatch(value);

    /// <summary>True for a name shaped like an AWS region's, such as 'us-east-1' or 'us-gov-west-1'.</summary>
    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    [GeneratedRegex("^[a-zA-Z0-9-]+$")]
    private static partial Regex StagePattern();

    [GeneratedRegex("^[a-z]{2,}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
