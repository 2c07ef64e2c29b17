using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// The provided.al2 toolchain's install, against an npm registry on 127.0.0.1 serving a small stand-in package
/// laid out like the real one (package/TRIPLE.tar.xz holding bin/, lib/gcc/ and TRIPLE/sysroot/).
/// </summary>
public sealed class Al2ToolchainTests : IDisposable
{
    private const string Triple = "x86_64-unknown-linux-gnu";
    private const string PackageName = "@stand-in/cross-toolchain";
    private const string TarballPath = "/@stand-in/cross-toolchain/-/cross-toolchain-1.2.3.tgz";

    private readonly string _scratch = Directory.CreateTempSubdirectory("stratus-al2-toolchain-").FullName;

    private string Root => Path.Combine(_scratch, "toolchains");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task EnsureAsync_FirstTime_DownloadsUnpacksAndLinksGccWhereClangLooksInTheSysRoot()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);
        var progress = new List<string>();

        var toolchain = await EnsureAsync(Package(Integrity(tarball), tarball.Length), Registry(registry), progress);

        var usr = Path.Combine(toolchain.SysRoot, "usr");
        Assert.Equal("crt", File.ReadAllText(Path.Combine(usr, "lib", "gcc", Triple, "4.8.5", "crtbegin.o")));
        Assert.Equal("ld", File.ReadAllText(Path.Combine(usr, Triple, "bin", "ld.bfd")));
        Assert.Equal(Path.Combine(toolchain.Folder, "bin", Triple + "-objcopy"), toolchain.ObjCopy);
        Assert.True(File.Exists(toolchain.ObjCopy));
        Assert.True(File.Exists(Path.Combine(toolchain.Folder, Al2Toolchain.MarkerFile)));
        Assert.Contains(registry.Url + TarballPath[1..], Assert.Single(progress), StringComparison.Ordinal);
        Assert.Equal(
            [Path.GetFileName(toolchain.Folder)], Directory.GetFileSystemEntries(Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task EnsureAsync_AlreadyInstalled_ReusesItWithoutAskingTheRegistry()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);
        var package = Package(Integrity(tarball), tarball.Length);
        var first = await EnsureAsync(package, Registry(registry));
        var progress = new List<string>();

        var second = await EnsureAsync(package, Registry(registry), progress);

        Assert.Equal(first.Folder, second.Folder);
        Assert.Single(registry.Requests);
        Assert.Empty(progress);
    }

    [Fact]
    public async Task EnsureAsync_TarballNotThePinnedOne_FailsWithStr3017AndInstallsNothing()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);
        var pinned = Integrity("another package"u8.ToArray());

        var failure = await Assert.ThrowsAsync<ToolchainException>(() =>
            EnsureAsync(Package(pinned, tarball.Length), Registry(registry)));

        Assert.Equal("STR3017", failure.Code);
        Assert.Contains("nothing was installed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("NPM_CONFIG_REGISTRY", failure.Fix, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public async Task EnsureAsync_RegistryAnswers404_FailsWithStr3016NamingTheUrlAndInstallsNothing()
    {
        await using var registry = FakeNpmRegistry.Serve("/elsewhere.tgz", []);

        var failure = await Assert.ThrowsAsync<ToolchainException>(() =>
            EnsureAsync(Package("sha512-x", 1), Registry(registry)));

        Assert.Equal("STR3016", failure.Code);
        Assert.Contains(registry.Url + TarballPath[1..], failure.Message, StringComparison.Ordinal);
        Assert.Contains("answered 404", failure.Message, StringComparison.Ordinal);
        Assert.Contains(Al2Toolchain.RootVariable, failure.Fix, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public async Task EnsureAsync_RegistryUnreachable_FailsWithStr3016()
    {
        var closedPort = ClosedLoopbackPort();

        var failure = await Assert.ThrowsAsync<ToolchainException>(() =>
            EnsureAsync(Package("sha512-x", 1), new Uri($"http://127.0.0.1:{closedPort}/")));

        Assert.Equal("STR3016", failure.Code);
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public async Task EnsureAsync_DownloadShorterThanThePinnedSize_FailsWithStr3016SayingHowMuchCame()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);

        var failure = await Assert.ThrowsAsync<ToolchainException>(() =>
            EnsureAsync(Package(Integrity(tarball), tarball.Length + 1000), Registry(registry)));

        Assert.Equal("STR3016", failure.Code);
        Assert.Contains($"ended after {tarball.Length:N0} of its {tarball.Length + 1000:N0} bytes", failure.Message,
            StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public async Task EnsureAsync_RegistryUrlWithCredentials_SendsThemAsBasicAuthAndNeverPrintsThem()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);
        var progress = new List<string>();

        await EnsureAsync(Package(Integrity(tarball), tarball.Length), WithCredentials(registry), progress);

        var request = Assert.Single(registry.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("alice:S3cr3t"u8.ToArray()), request.Header("Authorization"));
        Assert.DoesNotContain("S3cr3t", Assert.Single(progress), StringComparison.Ordinal);
        Assert.Contains("http://***@127.0.0.1:", progress[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_CredentialsInAFailingRegistryUrl_AreLeftOutOfTheError()
    {
        await using var registry = FakeNpmRegistry.Serve("/elsewhere.tgz", []);
        var failure = await Assert.ThrowsAsync<ToolchainException>(() =>
            EnsureAsync(Package("sha512-x", 1), WithCredentials(registry)));

        Assert.Equal("STR3016", failure.Code);
        Assert.DoesNotContain("S3cr3t", failure.Message + failure.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("file:///srv/npm/")]
    [InlineData("ftp://mirror.example/npm/")]
    [InlineData("https://bob:hunter2@/")]
    public void Registry_NotAnHttpUrl_FailsWithStr3016NamingTheVariableWithoutCredentials(string configured)
    {
        var failure = Assert.Throws<ToolchainException>(() => NpmTarball.Registry(configured));

        Assert.Equal("STR3016", failure.Code);
        Assert.Contains("NPM_CONFIG_REGISTRY", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("https://registry.npmjs.org/", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_UnsetOrWithoutTrailingSlash_IsAFolderUrlTarballsResolveUnder()
    {
        var fallback = NpmTarball.Registry(null);
        var mirror = NpmTarball.Registry(" https://npm.example/repository/npm ");

        Assert.Equal(
            "https://registry.npmjs.org/@napi-rs/cross-toolchain-x64-target-x86_64/-/" +
            "cross-toolchain-x64-target-x86_64-1.0.0.tgz",
            NpmTarball.Address(fallback, "@napi-rs/cross-toolchain-x64-target-x86_64", "1.0.0").ToString());
        Assert.Equal(
            "https://npm.example/repository/npm/left-pad/-/left-pad-1.3.0.tgz",
            NpmTarball.Address(mirror, "left-pad", "1.3.0").ToString());
    }

    [Fact]
    public async Task EnsureAsync_ToolchainsFolderIsAFile_FailsWithStr3019NamingTheVariable()
    {
        var file = Path.Combine(_scratch, "not-a-folder");
        await File.WriteAllTextAsync(file, "");

        var failure = await Assert.ThrowsAsync<ToolchainException>(() => Al2Toolchain.EnsureAsync(
            Package("sha512-x", 1), new Uri("http://127.0.0.1:9/"), file, progress: null, CancellationToken.None));

        Assert.Equal("STR3019", failure.Code);
        Assert.Contains(file, failure.Message, StringComparison.Ordinal);
        Assert.Contains(Al2Toolchain.RootVariable, failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_ScratchOfAKilledInstall_IsRemovedButOneInUseIsKept()
    {
        var killed = Path.Combine(Root, ".install-killed");
        var busy = Path.Combine(Root, ".install-busy");
        Directory.CreateDirectory(Path.Combine(killed, "toolchain"));
        Directory.CreateDirectory(busy);
        await File.WriteAllTextAsync(Path.Combine(killed, ".in-use"), "");
        using var held = new FileStream(
            Path.Combine(busy, ".in-use"), FileMode.Create, FileAccess.Write, FileShare.None);
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);

        await EnsureAsync(Package(Integrity(tarball), tarball.Length), Registry(registry));

        Assert.False(Directory.Exists(killed));
        Assert.True(Directory.Exists(busy));
    }

    private static Al2Toolchain.NpmToolchain Package(string integrity, long size) =>
        new(PackageName, "1.2.3", integrity, Triple, size);

    private static Uri Registry(FakeNpmRegistry registry) => new(registry.Url);

    private static Uri WithCredentials(FakeNpmRegistry registry) =>
        new(registry.Url.Replace("http://", "http://alice:S3cr3t@", StringComparison.Ordinal));

    /// <summary>Installs into this test's toolchains root.</summary>
    private Task<Al2Toolchain> EnsureAsync(
        Al2Toolchain.NpmToolchain package,
        Uri registry,
        List<string>? progress = null) =>
        Al2Toolchain.EnsureAsync(
            package, registry, Root, progress is null ? null : progress.Add, CancellationToken.None);

    private static string Integrity(byte[] bytes) => "sha512-" + Convert.ToBase64String(SHA512.HashData(bytes));

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An npm tarball (gzip tar) whose package/TRIPLE.tar.xz holds a toolchain's skeleton.</summary>
    private async Task<byte[]> StandInPackageAsync()
    {
        var tree = Path.Combine(_scratch, "tree");
        WriteFile(tree, $"bin/{Triple}-objcopy", "objcopy");
        WriteFile(tree, $"lib/gcc/{Triple}/4.8.5/crtbegin.o", "crt");
        WriteFile(tree, $"{Triple}/bin/ld.bfd", "ld");
        WriteFile(tree, $"{Triple}/sysroot/usr/lib64/libc.so", "libc");
        var archive = Path.Combine(_scratch, Triple + ".tar.xz");
        using (var tar = Process.Start("tar", ["-cJf", archive, "-C", tree, "."])!)
        {
            await tar.WaitForExitAsync();
            Assert.Equal(0, tar.ExitCode);
        }

        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        await using (var writer = new TarWriter(gzip))
        {
            await writer.WriteEntryAsync(archive, $"package/{Triple}.tar.xz");
        }

        return buffer.ToArray();
    }

    private static void WriteFile(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
