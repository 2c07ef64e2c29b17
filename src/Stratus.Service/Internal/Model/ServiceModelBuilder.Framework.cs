namespace Stratus.Service.Internal.Model;

/// <summary>Top-level settings that address the framework itself: frameworkVersion and plugins.</summary>
internal sealed partial class ServiceModelBuilder
{
    // The framework release whose behaviour Stratus follows (bench/compat installs the same one).
    private const int FollowedMajor = 3;
    private const int FollowedMinor = 40;
    private const int FollowedPatch = 0;

    /// <summary>
    /// The framework refuses to start when its version is outside <c>frameworkVersion</c>. Stratus is not the
    /// framework, so it only warns: the file says it was written for another major version, whose meaning of
    /// some settings may differ from what Stratus implements.
    /// </summary>
    private void CheckFrameworkVersion()
    {
        if (_root["frameworkVersion"] is not ConfigScalar { IsNull: false } node)
        {
            return;
        }

        var range = node.ToText();
        if (VersionRange.Satisfies(FollowedMajor, FollowedMinor, FollowedPatch, range))
        {
            return;
        }

        _warnings.Add(new ConfigError(
            ConfigErrorCodes.FrameworkVersionExcluded,
            node.At,
            $"frameworkVersion '{DisplayText.Escaped(range)}' excludes framework " +
            $"{FollowedMajor}.{FollowedMinor}.{FollowedPatch}, whose behaviour Stratus follows; framework " +
            $"{FollowedMajor} would refuse to run this file.",
            $"use a range that takes version {FollowedMajor}, such as 'frameworkVersion: \"{FollowedMajor}\"'."));
    }

    /// <summary>
    /// Plugins change what the framework builds and deploys, and Stratus runs none of them: a service that
    /// relies on one may behave differently here, so the list is named once.
    /// </summary>
    private void CheckPlugins()
    {
        if (!_root.TryGetEntry("plugins", out var entry))
        {
            return;
        }

        // The framework takes a list of names, or { localPath, modules: [names] }.
        var list = entry.Value is ConfigMapping { } settings ? settings["modules"] : entry.Value;
        var names = list switch
        {
            ConfigSequence items => items.Items.Select(ModelReader.Shown).ToList(),
            ConfigScalar { IsNull: false } single => [single.ToText()],
            _ => [],
        };
        if (names.Count == 0)
        {
            return;
        }

        _warnings.Add(new ConfigError(
            ConfigErrorCodes.PluginsNotRun,
            entry.KeyAt,
            $"Stratus does not run framework plugins, so {string.Join(", ", names.Select(name => $"'{name}'"))} " +
            $"{(names.Count == 1 ? "has" : "have")} no effect here.",
            "check that the service works without them, or run the framework for what they add."));
    }
}
