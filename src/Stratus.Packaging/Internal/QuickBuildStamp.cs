using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// What the last successful quick build of a project was built from and what it wrote, so that `dev` or `invoke
/// local` with nothing changed serves that output without running `dotnet build`: MSBuild's own check costs about
/// 2 s on a 2-core machine for a project with nothing to compile, most of the time `dev` takes to its first 200.
/// </summary>
/// <remarks>
/// Two lists of inputs, each judged as MSBuild judges files, by length and time (through a symbolic link, the
/// target's). Before the build, what can be listed without MSBuild (<see cref="InputHasher.InputFiles(ProjectClosure)"/>): every
/// file under the project folders of the build but their own bin and obj (so a new file a glob would take counts),
/// the files MSBuild, NuGet and Roslyn read from the folders above, the files MSBuild files name outside the
/// project folders, the installed SDKs and the configuration. After it, the files its items named as it ended
/// (sources, resources, analyzer configs, references, content; <see cref="BuiltOutput.ItemFiles"/>), which includes
/// what targets added and what properties named. A project whose files cannot all be listed (a wildcard outside
/// its folders, an import through another property) is built every time. The output is every file of the output
/// folder, so an output another build changed since (an IDE's, a plain `dotnet build`) is not taken for this one.
/// A stamp is removed before each build and written only after one that succeeded with no input saved while it
/// ran, so it never describes an output a later build may have half written.
/// Limitations: MSBuild properties set as environment variables (<c>DefineConstants=X stratus dev</c>), a property
/// set in an imported file named through another property, and a floating package version (<c>1.*</c>) that would
/// now resolve to a newer package are not inputs; deleting `.stratus/quick-builds` makes the next start build.
/// </remarks>
internal static class QuickBuildStamp
{
    private const string Format = "stratus-quick-build-3";

    /// <summary>
    /// The key of what a quick build of <paramref name="closure"/> reads, or null when its inputs cannot all be
    /// listed: a reference that cannot be followed (<see cref="ProjectClosure.Unfollowed"/>), or an MSBuild file
    /// naming files through a property or a wildcard outside the project folders.
    /// </summary>
    public static string? InputsKey(ProjectClosure closure, string configuration, string? framework)
    {
        if (closure.Unfollowed.Count > 0 || BuildInputs.Named(closure) is not { } named)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, $"{Format}\n{configuration}\n{framework}\n{Publisher.InstalledSdkList}\n");
        foreach (var file in InputHasher.InputFiles(closure, named))
        {
            Append(hash, $"{file}\n{Metadata(file)}\n");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The output the stamp describes, when its inputs are <paramref name="inputsKey"/> and no file of it
    /// changed since; otherwise null.</summary>
    public static BuiltOutput? Reusable(string stateDirectory, ProjectClosure closure, string kind, string inputsKey)
    {
        var lines = ReadLines(StampPath(stateDirectory, closure, kind));
        if (lines is not [Format, var inputs, var target, var frameworks, var outputType, var runtimeConfig,
                .. var rest]
            || inputs != "inputs " + inputsKey)
        {
            return null;
        }

        var output = new BuiltOutput(
            Value(target, "target"), Value(frameworks, "frameworks"), Value(outputType, "outputType"),
            Value(runtimeConfig, "runtimeConfig"));
        var items = rest.TakeWhile(line => line.StartsWith("item ", StringComparison.Ordinal)).ToList();
        var files = rest.Skip(items.Count);
        var folder = Path.GetDirectoryName(output.TargetPath);
        return folder is not null && Directory.Exists(folder)
            && items.All(line => line == ItemLine(line[(line.IndexOf(' ', 5) + 1)..]))
            && files.SequenceEqual(OutputFiles(folder))
            ? output
            : null;
    }

    /// <summary>Removes the stamp: the build about to run may change the output it describes.</summary>
    public static void Forget(string stateDirectory, ProjectClosure closure, string kind)
    {
        var path = StampPath(stateDirectory, closure, kind);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Records that <paramref name="output"/> was built from inputs hashed as <paramref name="inputsKey"/> at
    /// <paramref name="hashedFrom"/>, with the files its items named; not when one of those was written since then,
    /// as the build may have read it before the write.
    /// </summary>
    public static void Record(
        string stateDirectory,
        ProjectClosure closure,
        string kind,
        string inputsKey,
        BuiltOutput output,
        DateTime hashedFrom)
    {
        // What the build wrote itself (generated sources in obj, a referenced project's new assembly) is newer by
        // nature; anything else newer was saved while the build ran.
        var items = output.ItemFiles.Order(StringComparer.Ordinal).Select(ItemLine).ToList();
        var savedDuringBuild = output.ItemFiles.Any(file => !IsBuildOutput(file, closure)
            && TargetOf(file) is { Exists: true } info && info.LastWriteTimeUtc >= hashedFrom);
        if (savedDuringBuild)
        {
            return;
        }

        var folder = Path.GetDirectoryName(output.TargetPath)!;
        string[] header =
        [
            Format, "inputs " + inputsKey, "target " + output.TargetPath, "frameworks " + output.TargetFrameworks,
            "outputType " + output.OutputType, "runtimeConfig " + output.GenerateRuntimeConfigurationFiles,
        ];
        var lines = header.Concat(items).Concat(OutputFiles(folder)).ToList();
        if (lines.Any(line => line.Contains('\n', StringComparison.Ordinal)))
        {
            return;
        }

        // Written whole or not at all: a stamp cut short by a crash must not pass for one.
        var path = StampPath(stateDirectory, closure, kind);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(partial, lines);
        File.Move(partial, path, overwrite: true);
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    private static bool IsBuildOutput(string file, ProjectClosure closure) =>
        closure.Projects.Select(Path.GetDirectoryName).Any(folder =>
            file.StartsWith(Path.Combine(folder!, "bin") + "/", StringComparison.Ordinal)
            || file.StartsWith(Path.Combine(folder!, "obj") + "/", StringComparison.Ordinal));

    /// <summary>An item file's line: "item &lt;length&gt;:&lt;time&gt; &lt;path&gt;", or "item absent &lt;path&gt;".
    /// </summary>
    private static string ItemLine(string file) => "item " + Metadata(file) + " " + file;

    /// <summary>What MSBuild judges a file by, through a symbolic link to the file it names.</summary>
    internal static string Metadata(string file) => TargetOf(file) is { Exists: true } info
        ? string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}")
        : "absent";

    private static FileInfo? TargetOf(string file)
    {
        try
        {
            var info = new FileInfo(file);
            return info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        }
        catch (IOException)
        {
            // A link loop or a path the system refuses: nothing to judge it by.
            return null;
        }
    }

    private static IEnumerable<string> OutputFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => new FileInfo(file))
            .Select(file => string.Create(
                CultureInfo.InvariantCulture,
                $"file {file.Length} {file.LastWriteTimeUtc.Ticks} {Path.GetRelativePath(folder, file.FullName)}"))
            .Order(StringComparer.Ordinal);

    private static string Value(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal) ? line[(name.Length + 1)..] : "";

    private static string[]? ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string StampPath(string stateDirectory, ProjectClosure closure, string kind)
    {
        var key = Encoding.UTF8.GetBytes(closure.Projects[0] + "\n" + kind);
        var name = Convert.ToHexStringLower(SHA256.HashData(key))[..16];
        return Path.Combine(stateDirectory, "quick-builds", name);
    }
}
