namespace Stratus.Service;

/// <summary>Finds the word a typo in a configuration key most likely meant, for "did you mean" fixes.</summary>
public static class Spelling
{
    /// <summary>
    /// The known word a typo most likely meant, ignoring case: one edit away, or two for words of six letters or
    /// more (so a plugin's 'logs' is not taken for 'tags').
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(known);

        return known
            .Select(candidate =>
                (candidate, distance: EditDistance(word.ToUpperInvariant(), candidate.ToUpperInvariant())))
            .Where(pair => pair.distance <= (word.Length >= 6 ? 2 : 1))
            .OrderBy(pair => pair.distance)
            .Select(pair => pair.candidate)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        // Optimal string alignment: an adjacent swap ('mehtod') counts as one edit, like a substitution.
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
