using System.IO.Compression;
using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

public sealed class DeterministicZipTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stratus-zip-" + Guid.NewGuid().ToString("N"));

    public DeterministicZipTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Write_SameFilesAtDifferentTimes_ProducesIdenticalBytes()
    {
        var entries = SampleEntries();
        var first = Path.Combine(_folder, "first.zip");
        var second = Path.Combine(_folder, "second.zip");

        DeterministicZip.Write(first, entries, new HashSet<string> { "bootstrap" });
        foreach (var source in entries.Values)
        {
            File.SetLastWriteTimeUtc(source, new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        }

        DeterministicZip.Write(second, entries, new HashSet<string> { "bootstrap" });

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Write_Entries_AreSortedTimedAndPermittedForLambda()
    {
        var zip = Path.Combine(_folder, "out.zip");

        DeterministicZip.Write(zip, SampleEntries(), new HashSet<string> { "bootstrap" });

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["assets/b.txt", "bootstrap", "lib.so"], archive.Entries.Select(e => e.FullName));
        Assert.All(archive.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        Assert.Equal(0x81ED, archive.GetEntry("bootstrap")!.ExternalAttributes >>> 16);
        Assert.Equal(0x81A4, archive.GetEntry("lib.so")!.ExternalAttributes >>> 16);
    }

    [Fact]
    public void Write_Entries_HoldNoAbsolutePathOrMachineName()
    {
        var zip = Path.Combine(_folder, "out.zip");

        DeterministicZip.Write(zip, SampleEntries(), new HashSet<string> { "bootstrap" });

        var bytes = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(zip));
        Assert.DoesNotContain(_folder, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.MachineName, bytes, StringComparison.Ordinal);
    }

    private Dictionary<string, string> SampleEntries()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in new[] { ("lib.so", "native"), ("bootstrap", "#!binary"), ("assets/b.txt", "b") })
        {
            var path = Path.Combine(_folder, "src", name.Replace('/', '_'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            entries[name] = path;
        }

        return entries;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
