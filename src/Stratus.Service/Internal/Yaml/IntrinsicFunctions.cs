namespace Stratus.Service.Internal.Yaml;

/// <summary>The CloudFormation short-form tags and the long forms the framework turns them into.</summary>
internal static class IntrinsicFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "And", "Base64", "Cidr", "Condition", "Equals", "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue",
        "Join", "Not", "Or", "Ref", "Select", "Split", "Sub",
    };

    /// <summary>The tag that merges a list of mappings or a list of lists (framework extension).</summary>
    public const string MergeTag = "!merge";

    public static bool IsShortForm(string tag) => tag.Length > 1 && tag[0] == '!' && Names.Contains(tag[1..]);

    /// <summary>
    /// The long-form key: <c>Ref</c> and <c>Condition</c> stay as they are, others get <c>Fn::</c>.
    /// </summary>
    public static string LongFormKey(string tag)
    {
        var name = tag[1..];
        return name is "Ref" or "Condition" ? name : $"Fn::{name}";
    }
}
