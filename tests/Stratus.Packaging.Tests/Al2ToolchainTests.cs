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

        var toolchain = await Al2Toolchain.EnsureAsync(
            Package(Integrity(tarball)), registry.Url, Root, progress.Add, CancellationToken.None);

        var usr = Path.Combine(toolchain.SysRoot, "usr");
        Assert.Equal("crt", File.ReadAllText(Path.Combine(usr, "lib", "gcc", Triple, "4.8.5", "crtbegin.o")));
        Assert.Equal("ld", File.ReadAllText(Path.Combine(usr, Triple, "bin", "ld.bfd")));
        Assert.Equal(Path.Combine(toolchain.Directory, "bin", Triple + "-objcopy"), toolchain.ObjCopy);
        Assert.True(File.Exists(toolchain.ObjCopy));
        Assert.True(File.Exists(Path.Combine(toolchain.Directory, Al2Toolchain.MarkerFile)));
        Assert.Contains(registry.Url + TarballPath[1..], Assert.Single(progress), StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(toolchain.Directory)], Directory.GetFileSystemEntries(Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task EnsureAsync_AlreadyInstalled_ReusesItWithoutAskingTheRegistry()
    {
        var tarball = await StandInPackageAsync();
        await using var registry = FakeNpmRegistry.Serve(TarballPath, tarball);
        var package = Package(Integrity(tarball));
        var first = await Al2Toolchain.EnsureAsync(package, registry.Url, Root, null, CancellationToken.None);
        var progress = new List<string>();

        var second = await Al2Toolchain.EnsureAsync(package, registry.Url, Root, progress.Add, CancellationToken.None);

        Assert.Equal(first.Directory, second.Directory);
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
            Al2Toolchain.EnsureAsync(Package(pinned), registry.Url, Root, null, CancellationToken.None));

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
            Al2Toolchain.EnsureAsync(Package("sha512-x"), registry.Url, Root, null, CancellationToken.None));

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

        var failure = await Assert.ThrowsAsync<ToolchainException>(() => Al2Toolchain.EnsureAsync(
            Package("sha512-x"), $"http://127.0.0.1:{closedPort}/", Root, null, CancellationToken.None));

        Assert.Equal("STR3016", failure.Code);
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    private static Al2Toolchain.NpmToolchain Package(string integrity) =>
        new(PackageName, "1.2.3", integrity, Triple, 1_000_000);

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
