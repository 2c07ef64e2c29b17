using System.Text;
using System.Text.RegularExpressions;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>
/// One entry of `package.patterns`: a glob over paths relative to the artifact root (the build output, and the
/// service folder beside it), including files unless it starts with '!', which excludes them.
/// </summary>
internal sealed record PackagePattern(string Text, bool Excludes, Regex Glob, SourceSpan At)
{
    public static PackagePattern Parse(string text, SourceSpan at)
    {
        var excludes = text.StartsWith('!');
        var glob = (excludes ? text[1..] : text).Trim().TrimStart('.', '/');
        return new PackagePattern(text, excludes, ToRegex(glob), at);
    }

    public bool Matches(string relativePath) => Glob.IsMatch(relativePath);

    /// <summary>
    /// Applies patterns in order, the last match winning, as the Serverless Framework does;
    /// <paramref name="includedByDefault"/> is the answer when no pattern matches.
    /// </summary>
    public static bool IsIncluded(string relativePath, bool includedByDefault, IEnumerable<PackagePattern> patterns)
    {
        var included = includedByDefault;
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(relativePath))
            {
                included = !pattern.Excludes;
            }
        }

        return included;
    }

    /// <summary>The last pattern that decides <paramref name="relativePath"/>, if any matches.</summary>
    public static PackagePattern? Decider(string relativePath, IEnumerable<PackagePattern> patterns) =>
        patterns.LastOrDefault(pattern => pattern.Matches(relativePath));

    // Globs as minimatch reads them: '**' spans folders, '*' and '?' stay within one, and a pattern naming a
    // folder ('assets/native/**' or 'assets/native') covers what is inside it.
    private static Regex ToRegex(string glob)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                text.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else
            {
                text.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        // Singleline: a file name may hold a line end, and '.' must match it too, or an exclude would miss it.
        text.Append("(?:/.*)?\\z");
        return new Regex(
            text.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
