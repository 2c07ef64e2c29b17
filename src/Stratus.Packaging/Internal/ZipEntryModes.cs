using System.IO.Compression;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// The Unix file type a zip entry records, as Info-ZIP writes it: the high 16 bits of its attributes.
/// </summary>
internal static class ZipEntryModes
{
    private const int FileTypeMask = 0xF000;
    private const int SymbolicLink = 0xA000;

    /// <summary>Whether the entry is a symbolic link (S_IFLNK, as `zip -y` writes one), its data the target.</summary>
    public static bool IsSymbolicLink(ZipArchiveEntry entry) =>
        ((entry.ExternalAttributes >> 16) & FileTypeMask) == SymbolicLink;

    /// <summary>The target of a symbolic link entry: its data, as UTF-8 text.</summary>
    public static string LinkTarget(ZipArchiveEntry link)
    {
        using var reader = new StreamReader(link.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
