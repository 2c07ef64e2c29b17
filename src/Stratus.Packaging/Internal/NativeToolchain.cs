using System.Runtime.InteropServices;

namespace Stratus.Packaging.Internal;

/// <summary>Finds the C compiler and linker Native AOT needs on Linux, and what it can target.</summary>
internal static class NativeToolchain
{
    // Native AOT drives clang by default; Debian names it clang-NN unless the 'clang' package is installed,
    // and gcc works as well when neither is present.
    private static readonly string[] Candidates = ["clang", "clang-19", "clang-18", "clang-17", "clang-16",
        "clang-15", "clang-14", "gcc"];

    /// <summary>The compiler command for <c>CppCompilerAndLinker</c>, or null when none is installed.</summary>
    public static string? FindCompiler(string root = "/") =>
        Candidates.FirstOrDefault(name => OnPath(name, root) is not null);

    /// <summary>The host's own .NET runtime identifier architecture: "x64" or "arm64".</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>The GNU triple of a .NET architecture: the prefix of Debian's cross tools and folders.</summary>
    public static string Triple(string architecture) =>
        architecture == "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu";

    /// <summary>The objcopy that strips symbols from a binary of <paramref name="architecture"/>.</summary>
    public static string CrossObjcopy(string architecture) => Triple(architecture) + "-objcopy";

    /// <summary>
    /// Lists what this machine lacks to cross-compile Native AOT to <paramref name="targetArchitecture"/>, each
    /// as the Debian package that brings it; empty when the build can run. <paramref name="root"/> is where the
    /// file system starts, so tests can ask about an empty machine.
    /// </summary>
    public static IReadOnlyList<string> MissingForCrossCompile(string targetArchitecture, string root = "/")
    {
        var triple = Triple(targetArchitecture);
        var debianArchitecture = targetArchitecture == "arm64" ? "arm64" : "amd64";
        var missing = new List<string>();

        // ILCompiler passes --target=<triple> to the compiler when cross-compiling, which only clang takes.
        if (FindCompiler(root) is not { } compiler || !compiler.StartsWith("clang", StringComparison.Ordinal))
        {
            missing.Add("clang");
        }

        // clang -fuse-ld=bfd --target=<triple> runs <triple>-ld.bfd; stripping needs that target's objcopy.
        if (OnPath(triple + "-ld.bfd", root) is null || OnPath(CrossObjcopy(targetArchitecture), root) is null)
        {
            missing.Add("binutils-" + triple);
        }

        // clang finds the target's crt files and libgcc where Debian's cross gcc installs them.
        if (!Directory.Exists(Under(root, "usr/lib/gcc-cross/" + triple)))
        {
            missing.Add("gcc-" + triple);
        }

        if (!File.Exists(Under(root, $"usr/{triple}/lib/libc.so")))
        {
            missing.Add($"libc6-dev-{debianArchitecture}-cross");
        }

        return missing;
    }

    private static string? OnPath(string name, string root) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(Under(root, folder), name))
            .FirstOrDefault(File.Exists);

    private static string Under(string root, string path) =>
        Path.Combine(root, path.TrimStart(Path.DirectorySeparatorChar));
}
