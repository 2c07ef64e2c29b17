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
    public static string? FindCompiler() =>
        Candidates.FirstOrDefault(name => OnPath(name) is not null);

    /// <summary>The host's own .NET runtime identifier architecture: "x64" or "arm64".</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The sysroot for cross-compiling to <paramref name="targetArchitecture"/>, or null when there is none:
    /// Debian's cross libc (libc6-dev-arm64-cross) installs it under /usr/aarch64-linux-gnu.
    /// </summary>
    public static string? FindSysroot(string targetArchitecture)
    {
        var triple = targetArchitecture == "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var sysroot = Path.Combine("/usr", triple);
        return File.Exists(Path.Combine(sysroot, "lib", "libc.so.6")) ? sysroot : null;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
