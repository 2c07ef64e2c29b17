using System.Text.RegularExpressions;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Checks that a Native AOT binary built here will load on the Lambda runtime's Amazon Linux: it must need no
/// glibc symbol version newer than that system ships (2.34 on Amazon Linux 2023, 2.26 on Amazon Linux 2).
/// </summary>
internal static partial class GlibcCheck
{
    public static Version? Limit(string runtime) => runtime switch
    {
        "provided.al2023" => new Version(2, 34),
        "provided.al2" => new Version(2, 26),
        _ => null,
    };

    /// <summary>Returns why the binary would not load, or null when it would (or objdump is not installed).</summary>
    public static async Task<string?> ExplainAsync(string binary, string runtime, CancellationToken cancellationToken)
    {
        if (Limit(runtime) is not { } limit || !File.Exists(binary))
        {
            return null;
        }

        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(
                "objdump", ["-T", binary], Path.GetDirectoryName(binary)!,
                new Dictionary<string, string?>(), cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Limitation: without objdump (binutils) the check is skipped; eng/install-aot-prereqs.sh installs it.
            return null;
        }

        var newest = outcome.Lines
            .SelectMany(line => GlibcVersion().Matches(line))
            .Select(match => new Version(match.Groups[1].Value))
            .DefaultIfEmpty(new Version(0, 0))
            .Max()!;
        return newest > limit
            ? $"the bootstrap needs GLIBC_{newest}, but '{runtime}' ships glibc {limit}; build on a distribution " +
              $"whose glibc is {limit} or older (a container of the runtime's image), or use 'provided.al2023'"
            : null;
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
