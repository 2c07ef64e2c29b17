using Stratus.Service.Internal.Printing;
using Stratus.Service.Internal.Tree;
using Stratus.Service.Internal.Yaml;

namespace Stratus.Service;

/// <summary>Prints configuration nodes as YAML or JSON, as <c>stratus print</c> shows them.</summary>
public static class ServicePrinter
{
    /// <summary>
    /// Prints a node as block-style YAML; short-form tags still on the node are printed back as tags.
    /// </summary>
    public static string ToYaml(ConfigNode node) => ToYaml(node, null);

    /// <summary>
    /// Prints a node as YAML, writing <c>'***'</c> for every dotted path in <paramref name="maskedPaths"/>.
    /// </summary>
    public static string ToYaml(ConfigNode node, IReadOnlySet<string>? maskedPaths)
    {
        ArgumentNullException.ThrowIfNull(node);
        return YamlEmitter.Emit(node, maskedPaths);
    }

    /// <summary>Prints a node as indented JSON; numbers, booleans and null are JSON types.</summary>
    public static string ToJson(ConfigNode node) => ToJson(node, null);

    /// <summary>
    /// Prints a node as indented JSON, writing <c>"***"</c> for every dotted path in <paramref
    /// name="maskedPaths"/>.
    /// </summary>
    public static string ToJson(ConfigNode node, IReadOnlySet<string>? maskedPaths)
    {
        ArgumentNullException.ThrowIfNull(node);
        return JsonEmitter.Emit(node, maskedPaths, indented: true);
    }

    /// <summary>Prints a node as JSON on one line (used for environment values that are objects).</summary>
    public static string ToJson(ConfigNode node, bool indented)
    {
        ArgumentNullException.ThrowIfNull(node);
        return JsonEmitter.Emit(node, null, indented);
    }

    /// <summary>
    /// The resolved document as the Serverless Framework v3 prints it: with the defaults its start-up adds
    /// (<c>provider.stage</c>, <c>provider.region</c>, <c>versionFunctions</c>, function names, empty event lists)
    /// and the type coercions its schema validator applies.
    /// </summary>
    public static ConfigNode WithFrameworkDefaults(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return FrameworkView.Apply(service);
    }

    /// <summary>
    /// Turns short-form tags (<c>!Ref X</c>) into their long forms (<c>{Ref: X}</c>), as the framework does.
    /// </summary>
    public static ConfigNode ExpandShortForms(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var ignored = new List<ConfigError>();
        return TreeConversion.Freeze(ShortFormExpander.Expand(TreeConversion.Thaw(node), node.At.File, ignored));
    }
}
