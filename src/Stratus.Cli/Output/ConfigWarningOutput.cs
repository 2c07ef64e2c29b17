using Stratus.Cli.Errors;
using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>Writes configuration warnings (STR13xx) to stderr, located like errors, so stdout stays the result.</summary>
internal static class ConfigWarningOutput
{
    public static void Write(TextWriter error, IEnumerable<ConfigError> warnings)
    {
        foreach (var warning in warnings)
        {
            // A warning quotes keys from the file, which may hold terminal control sequences.
            var text = warning.Format(ErrorReporter.SourceLine(warning.At), "warning");
            error.WriteLine(DisplayText.Escaped(text, keepLineBreaks: true));
        }
    }
}
