using System.IO.Compression;
using System.Runtime.Versioning;

namespace Stratus.Packaging.Tests;

/// <summary>
/// Where a packaged run unzips an artifact (`.stratus/run/`): read-only as Lambda's /var/task, reused only while
/// whole and unchanged, and holding only the unzips some build still runs.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PackagedTaskFolderTests : IDisposable
{
    private const string Service = """
        service: shop
        provider:
          name: aws
          runtime: provided.al2023
        functions:
          orders:
            handler: orders.handler
            package:
              artifact: dist/shop.zip
        """;

    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly TempService _service = new(Service);

    private string RunFolder => Path.Combine(_service.Directory, ".stratus", "run");

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Extract_PrebuiltZip_LeavesNoFileOrFolderWritableAsLambdasTaskFolder()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));

        using var build = await ExtractAsync();

        var folder = TaskRoot(build);
        var entries = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder);
        Assert.All(entries, path => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(path) & AnyWrite));
        Assert.True(File.GetUnixFileMode(Path.Combine(folder, "bootstrap")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task Extract_AgainWithTheSameZipUnchanged_ReusesTheUnzip()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        string first;
        using (var build = await ExtractAsync())
        {
            first = TaskRoot(build);
        }

        using var again = await ExtractAsync();

        Assert.Equal(first, TaskRoot(again));
    }

    // A bootstrap that gave itself write permission (or ran as root) and changed its folder: in Lambda the next
    // environment starts from the deployed package again.
    [Theory]
    [InlineData("deleted")]
    [InlineData("rewritten")]
    [InlineData("added")]
    public async Task Extract_AfterAFunctionChangedItsTaskFolder_UnpacksTheZipAfreshAndRemovesTheChangedOne(
        string change)
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        string changed;
        using (var build = await ExtractAsync())
        {
            changed = TaskRoot(build);
            Change(changed, change);
        }

        using var again = await ExtractAsync();

        var fresh = TaskRoot(again);
        Assert.NotEqual(changed, fresh);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(fresh, "lib", "data.txt")));
        Assert.False(File.Exists(Path.Combine(fresh, "lib", "extra.txt")));
        Assert.False(Directory.Exists(changed));
    }

    [Fact]
    public async Task Extract_NewZipOnceTheOldBuildIsGone_RemovesTheOlderUnzip()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        (await ExtractAsync()).Dispose();

        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v2"));
        using var next = await ExtractAsync();

        Assert.Equal(TaskRoot(next), Assert.Single(Directory.GetDirectories(RunFolder)));
        Assert.Equal(
            [Path.GetFileName(TaskRoot(next)) + ".lock", Path.GetFileName(TaskRoot(next)) + ".manifest"],
            Directory.GetFiles(RunFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extract_NewZipWhileTheOldBuildStillRuns_KeepsTheOldUnzipUntilItIsRetired()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        using var old = await ExtractAsync();
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v2"));
        using var next = await ExtractAsync();
        Assert.Equal("v1", File.ReadAllText(Path.Combine(TaskRoot(old), "lib", "data.txt")));

        old.Retire();

        Assert.False(Directory.Exists(TaskRoot(old)));
        Assert.Equal(TaskRoot(next), Assert.Single(Directory.GetDirectories(RunFolder)));
    }

    [Fact]
    public async Task Extract_SameZipForANewBuildWhileTheOldOneRetires_KeepsTheUnzipTheNewBuildRuns()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        using var old = await ExtractAsync();
        using var next = await ExtractAsync();

        old.Retire();

        Assert.Equal(TaskRoot(old), TaskRoot(next));
        Assert.True(File.Exists(Path.Combine(TaskRoot(next), "lib", "data.txt")));
    }

    // Within one build too: a process that changed its folder (as root it can) must not hand the change to the next
    // process, which in Lambda is a new environment started from the package.
    [Fact]
    public async Task TaskFolderForNewProcess_AfterAProcessChangedIt_IsAFreshUnzipAndTheSameOneOtherwise()
    {
        WriteZip(("bootstrap", "#!/bin/sh\n"), ("lib/data.txt", "v1"));
        using var build = await ExtractAsync();
        var function = build.ByFunctionKey["orders"];
        var first = function.TaskFolderForNewProcess!();
        var unchanged = function.TaskFolderForNewProcess!();

        Change(first, "rewritten");
        var fresh = function.TaskFolderForNewProcess!();

        Assert.Equal(function.OutputDirectory, first);
        Assert.Equal(first, unchanged);
        Assert.NotEqual(first, fresh);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(fresh, "lib", "data.txt")));

        // The changed unzip stays while the process that changed it may run there; both go with the build.
        Assert.True(Directory.Exists(first));
        build.Retire();
        Assert.Empty(Directory.GetDirectories(RunFolder));
    }

    private static void Change(string folder, string change)
    {
        var lib = Path.Combine(folder, "lib");
        var data = Path.Combine(lib, "data.txt");
        File.SetUnixFileMode(lib, File.GetUnixFileMode(lib) | UnixFileMode.UserWrite);
        File.SetUnixFileMode(data, File.GetUnixFileMode(data) | UnixFileMode.UserWrite);
        switch (change)
        {
            case "deleted":
                File.Delete(data);
                break;
            case "rewritten":
                File.WriteAllText(data, "v9");
                break;
            default:
                File.WriteAllText(Path.Combine(lib, "extra.txt"), "left by a function");
                break;
        }

        // Its modes put back, so only what it changed in the folder's contents can give it away.
        File.SetUnixFileMode(lib, File.GetUnixFileMode(lib) & ~AnyWrite);
        if (File.Exists(data))
        {
            File.SetUnixFileMode(data, File.GetUnixFileMode(data) & ~AnyWrite);
        }
    }

    private async Task<ServiceBuild> ExtractAsync() =>
        PackagedBuild.Extract(_service.Load(), await _service.PackageAsync());

    private static string TaskRoot(ServiceBuild build) => build.ByFunctionKey["orders"].OutputDirectory;

    private void WriteZip(params (string Name, string Text)[] entries)
    {
        var path = Path.Combine(_service.Directory, "dist", "shop.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            var entry = archive.CreateEntry(name);

            // A regular file (S_IFREG) with mode 0755, in the high half as zip tools on Unix write it.
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
            using var writer = new StreamWriter(entry.Open());
            writer.Write(text);
        }
    }
}
