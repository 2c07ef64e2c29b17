using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Stratus.Packaging.Tests;

/// <summary>Reads what the tests check in a built binary: its ELF machine and the glibc versions it needs.</summary>
internal static partial class ElfInspection
{
    public const ushort MachineX86_64 = 62;
    public const ushort MachineAarch64 = 183;

    /// <summary>Reads e_machine, the little-endian 16-bit field at offset 18 of an ELF header.</summary>
    public static ushort Machine(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[20];
        stream.ReadExactly(header);

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return BitConverter.ToUInt16(header, 18);
    }

    /// <summary>The GLIBC_ symbol versions the binary's dynamic symbols need, as objdump lists them.</summary>
    public static async Task<IReadOnlyList<Version>> GlibcVersionsAsync(string path)
    {
        var start = new ProcessStartInfo("objdump") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-T");
        start.ArgumentList.Add(path);

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        return GlibcVersion().Matches(output).Select(m => new Version(m.Groups[1].Value)).Distinct().ToList();
    }

    /// <summary>Extracts one entry of a zip into <paramref name="folder"/>, keeping its name.</summary>
    public static string ExtractEntry(string zipPath, string entryName, string folder)
    {
        var target = Path.Combine(folder, entryName);
        Directory.CreateDirectory(folder);
        using var zip = ZipFile.OpenRead(zipPath);
        zip.GetEntry(entryName)!.ExtractToFile(target, overwrite: true);
        return target;
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
