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
        if (Limit(runtime) is not { } limit || await NewestGlibcAsync(binary, cancellationToken) is not { } newest)
        {
            return null;
        }

        return newest > limit
            ? $"the bootstrap needs GLIBC_{newest}, but '{runtime}' ships glibc {limit}; build on a distribution " +
              $"whose glibc is {limit} or older (a container of the runtime's image), or use 'provided.al2023'"
            : null;
    }

    /// <summary>
    /// Warns about each shared library published beside the bootstrap (a package's native asset, such as
    /// SQLite's) that needs a newer glibc than the runtime ships. A warning, not an error: the bootstrap still
    /// starts, and the library fails only when code that uses it loads it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExplainLibrariesAsync(
        string publishDirectory,
        string runtime,
        CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (Limit(runtime) is not { } limit || !Directory.Exists(publishDirectory))
        {
            return warnings;
        }

        var libraries = Directory.EnumerateFiles(publishDirectory, "*.so*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var library in libraries)
        {
            if (await NewestGlibcAsync(library, cancellationToken) is { } newest && newest > limit)
            {
                var name = Path.GetRelativePath(publishDirectory, library);
                warnings.Add($"'{name}' needs GLIBC_{newest}, but '{runtime}' ships glibc {limit}: it will fail " +
                    "to load there; use a build of that package's native library made for an older glibc, or " +
                    "remove the code that loads it from this function");
            }
        }

        return warnings;
    }

    /// <summary>The newest GLIBC_ symbol version the ELF file needs, or null when objdump cannot tell.</summary>
    private static async Task<Version?> NewestGlibcAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(
                "objdump", ["-T", file], Path.GetDirectoryName(file)!,
                new Dictionary<string, string?>(), cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Limitation: without objdump (binutils) the check is skipped; eng/install-aot-prereqs.sh installs it.
            return null;
        }

        return outcome.ExitCode != 0
            ? null
            : outcome.Lines
                .SelectMany(line => GlibcVersion().Matches(line))
                .Select(match => new Version(match.Groups[1].Value))
                .DefaultIfEmpty(new Version(0, 0))
                .Max();
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
