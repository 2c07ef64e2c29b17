using System.Text.RegularExpressions;
using Stratus.Local;
using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>Schedule expressions spelt more loosely than the Serverless Framework's schema takes them.</summary>
internal static partial class EmulationWarnings
{
    /// <summary>
    /// An expression that EventBridge's grammar, as Stratus reads it, accepts, but the framework's schema pattern
    /// for 'rate' or 'cron' does not match: white space inside the parentheses or around the expression, two
    /// spaces between parts, white space other than one plain space between them (a tab, a no-break space, a line
    /// break: the local parser takes any), or a rate written with a leading zero. The framework only warns by
    /// default, and refuses the service under 'configValidationMode: error', so the local run must not be the only
    /// place such a spelling passes.
    /// </summary>
    /// <remarks>
    /// Day and month names are not checked for case: the framework's pattern takes any non-space field, and AWS
    /// documents 'SUN-SAT' and 'JAN-DEC' without refusing lowercase, so 'mon-fri' is accepted without a word.
    /// </remarks>
    private static IEnumerable<ConfigError> ScheduleSpellings(FunctionDefinition function, ScheduleEvent schedule)
    {
        for (var i = 0; i < schedule.Expressions.Count && i < schedule.ExpressionsAt.Count; i++)
        {
            var text = schedule.Expressions[i];
            if (FrameworkSpelling(text) is { } spelling && spelling != text)
            {
                yield return new ConfigError(
                    ConfigErrorCodes.ScheduleSpellingLoose,
                    schedule.ExpressionsAt[i],
                    $"function '{function.Key}' has the schedule '{DisplayText.Escaped(text)}', which runs locally, " +
                    "but the Serverless Framework's schema does not match this spelling: it takes one plain space " +
                    "between parts (no tab, line break or other white space), none just inside the parentheses or " +
                    "around the expression, and no leading zero in a rate.",
                    $"write it '{DisplayText.Escaped(spelling)}'.");
            }
        }
    }

    /// <summary>
    /// The spelling the framework's schema takes for an expression that parses, or null when it does not parse
    /// (STR1224 reports those).
    /// </summary>
    private static string? FrameworkSpelling(string text)
    {
        try
        {
            ScheduleExpression.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }

        if (FrameworkRate().IsMatch(text) || FrameworkCron().IsMatch(text))
        {
            return text;
        }

        // Split at any white space, as the local parser reads it (its Trim and .NET's '\s'), not only at spaces.
        var trimmed = text.Trim();
        var inner = trimmed[(trimmed.IndexOf('(', StringComparison.Ordinal) + 1)..^1];
        var parts = inner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return trimmed.StartsWith("rate(", StringComparison.Ordinal)
            ? $"rate({parts[0].TrimStart('0')} {parts[1]})"
            : $"cron({string.Join(' ', parts)})";
    }

    // The framework's schema (serverless v3, compile/events/schedule.js): a rate of 1 takes the singular unit,
    // and any other value has no leading zero and takes the plural; a cron is six fields apart by one space.
    // Its patterns are JavaScript's, where '$' is the very end; '\z' says so here, as .NET's '$' also matches
    // before a final line break.
    [GeneratedRegex(@"^rate\((1 (minute|hour|day)|(1[0-9]|[2-9])[0-9]* (minute|hour|day)s)\)\z")]
    private static partial Regex FrameworkRate();

    [GeneratedRegex(@"^cron\([^\s]+ [^\s]+ [^\s]+ [^\s]+ [^\s]+ [^\s]+\)\z")]
    private static partial Regex FrameworkCron();
}
