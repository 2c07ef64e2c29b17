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
/// The inputs are every file under the project folders of the build (the project and those it references) by
/// path, length and time, as MSBuild itself judges them, nested projects' folders included since the SDK's globs
/// take their files too; only each folder's own bin and obj, and .git, .stratus, .vs, .idea and node_modules, are
/// left out. Then the Directory.*.props/targets, global.json and NuGet.config files above them, the installed SDKs
/// and the configuration, and the files the MSBuild files name outside those folders (<see cref="BuildInputs"/>:
/// a linked <c>Compile Include="../Shared/X.cs"</c>, an <c>Import</c>, a <c>HintPath</c>); one named through another
/// property or a wildcard outside cannot be listed, so such a project is built every time, as before. The output is every file of the output
/// folder by length and time, so an output that another build changed since (an IDE's, a plain `dotnet build`) is
/// not taken for this one. A stamp is removed before each build and written only after one that succeeded with no
/// source saved while it ran, so it never describes an output a later build may have half written.
/// Limitations: MSBuild properties set as environment variables (<c>DefineConstants=X stratus dev</c>) and a
/// floating package version (<c>1.*</c>) that would now resolve to a newer package are not inputs; deleting
/// `.stratus/quick-builds` makes the next start build.
/// </remarks>
internal static class QuickBuildStamp
{
    private const string Format = "stratus-quick-build-2";

    /// <summary>
    /// The key of what a quick build of <paramref name="closure"/> reads, or null when its inputs cannot all be
    /// listed: a reference that cannot be followed (<see cref="ProjectClosure.Unfollowed"/>), or an MSBuild file
    /// naming files through a property or a wildcard outside the project folders.
    /// </summary>
    public static string? InputsKey(ProjectClosure closure, string configuration, string? framework)
    {
        if (!InputHasher.CanList(closure))
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, $"{Format}\n{configuration}\n{framework}\n{Publisher.InstalledSdkList}\n");
        foreach (var file in InputHasher.InputFiles(closure))
        {
            var info = new FileInfo(file);
            var stamp = info.Exists ? $"{info.Length} {info.LastWriteTimeUtc.Ticks}" : "absent";
            Append(hash, $"{file}\n{stamp}\n");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The output the stamp describes, when its inputs are <paramref name="inputsKey"/> and no file of it
    /// changed since; otherwise null.</summary>
    public static BuiltOutput? Reusable(string stateDirectory, ProjectClosure closure, string kind, string inputsKey)
    {
        var lines = ReadLines(StampPath(stateDirectory, closure, kind));
        if (lines is not [Format, var inputs, var target, var frameworks, var outputType, var runtimeConfig, .. var files]
            || inputs != "inputs " + inputsKey)
        {
            return null;
        }

        var output = new BuiltOutput(
            Value(target, "target"), Value(frameworks, "frameworks"), Value(outputType, "outputType"),
            Value(runtimeConfig, "runtimeConfig"));
        var folder = Path.GetDirectoryName(output.TargetPath);
        return folder is not null && Directory.Exists(folder) && files.SequenceEqual(OutputFiles(folder))
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

    /// <summary>Records that <paramref name="output"/> was built from inputs hashed as <paramref name="inputsKey"/>.
    /// </summary>
    public static void Record(
        string stateDirectory,
        ProjectClosure closure,
        string kind,
        string inputsKey,
        BuiltOutput output)
    {
        var folder = Path.GetDirectoryName(output.TargetPath)!;
        string[] header =
        [
            Format, "inputs " + inputsKey, "target " + output.TargetPath, "frameworks " + output.TargetFrameworks,
            "outputType " + output.OutputType, "runtimeConfig " + output.GenerateRuntimeConfigurationFiles,
        ];
        var lines = header.Concat(OutputFiles(folder)).ToList();
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
