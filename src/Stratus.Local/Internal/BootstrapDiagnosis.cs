using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Stratus.Local.Internal;

/// <summary>Why the kernel refused to start an executable, in words that say how to fix it.</summary>
/// <remarks>
/// Lambda's own answer (Go's "fork/exec PATH: no such file or directory", "exec format error") names the symptom,
/// not the cause: a file that exists is "not found" when its #! line ends in a carriage return. A look at the link
/// and the first bytes of the file tells the causes apart.
/// </remarks>
internal static class BootstrapDiagnosis
{
    private const int NoSuchFile = 2;
    private const int ExecFormatError = 8;
    private const int HeaderLength = 256;
    private const ushort X8664Machine = 0x3E;
    private const ushort Arm64Machine = 0xB7;
    private const ushort X86Machine = 0x03;
    private const ushort ArmMachine = 0x28;

    /// <summary>The cause and its fix, or null when the refusal is not one of the causes this knows.</summary>
    /// <param name="executable">The full path that was started.</param>
    /// <param name="taskRoot">The folder it was started in.</param>
    /// <param name="errno">The error number the system call gave.</param>
    /// <param name="architecture">The function's architecture (<c>x86_64</c> or <c>arm64</c>), null for x86_64.</param>
    public static (string Problem, string Fix)? Explain(
        string executable, string taskRoot, int errno, string? architecture)
    {
        try
        {
            return errno switch
            {
                NoSuchFile => MissingTaskRoot(taskRoot) ?? DanglingLink(executable) ?? MissingInterpreter(executable),
                ExecFormatError => UnknownFormat(executable, architecture ?? "x86_64"),
                _ => null,
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why a script stopped during init with 127 (not found) or 126 (cannot run), the codes of `env` and shells:
    /// `#!/usr/bin/env bash` saved with Windows line endings starts env, which looks for 'bash\r'.
    /// </summary>
    public static (string Problem, string Fix)? ExplainInitExit(string executable, int exitCode)
    {
        try
        {
            return exitCode is 126 or 127 ? CarriageReturnInShebang(executable) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A '#!' line ending in a carriage return, for a script whose interpreter (env, say) did start.</summary>
    private static (string, string)? CarriageReturnInShebang(string executable) =>
        ShebangLine(executable) is { } line && line.EndsWith('\r')
            ? CarriageReturn(executable, line.Trim().Split(' ', '\t')[^1])
            : null;

    /// <summary>
    /// The folder a process starts in is gone (`.stratus/` deleted while `dev` ran): the kernel names the program
    /// (`fork/exec /usr/bin/dotnet`), which exists.
    /// </summary>
    private static (string, string)? MissingTaskRoot(string taskRoot) =>
        Directory.Exists(taskRoot)
            ? null
            : (
                $"the function's folder '{taskRoot}' is gone (was .stratus/ deleted while the emulator ran?)",
                "save a source file or the artifact so dev builds it again, or restart the command");

    private static (string, string)? DanglingLink(string executable)
    {
        var file = new FileInfo(executable);
        if (file.LinkTarget is not { } target || File.ResolveLinkTarget(executable, true) is { Exists: true })
        {
            return null;
        }

        // An absolute target can only come from the runtime's image or a layer (/opt), never from the zip.
        var fix = Path.IsPathRooted(target)
            ? "point the link at a file in the zip by a relative path, ship the file in a layer if it belongs under " +
                "/opt, or zip without -y so the file itself is stored as bootstrap"
            : "put the link's target in the zip as well, or zip without -y so the file itself is stored as bootstrap";
        return (
            $"'{executable}' is a symbolic link to '{target}', which is not in the function's package " +
            "(zip -y stores a link as a link, without the file it points to)",
            fix);
    }

    private static (string, string)? MissingInterpreter(string executable)
    {
        if (ShebangLine(executable) is not { } line)
        {
            return null;
        }

        var interpreter = line.TrimStart(' ', '\t').Split(' ', '\t')[0];
        return interpreter.EndsWith('\r')
            ? CarriageReturn(executable, interpreter.TrimEnd('\r'))
            : (
                $"the interpreter '{interpreter}' named on the '#!' line of '{executable}' does not exist",
                "name an interpreter the runtime has (such as #!/bin/sh), or ship it in the zip and name its path");
    }

    /// <summary>The text after '#!' on the first line, or null for a file that does not start with '#!'.</summary>
    private static string? ShebangLine(string executable)
    {
        var header = ReadHeader(executable);
        return StartsWith(header, "#!"u8) ? Encoding.UTF8.GetString(header).Split('\n')[0][2..] : null;
    }

    private static (string, string) CarriageReturn(string executable, string lookedFor) => (
        $"the '#!' line of '{executable}' ends in a carriage return (Windows line endings), so the interpreter " +
        $"looked for is '{lookedFor}\\r', which does not exist",
        "save the file with LF line endings (dos2unix, or eol=lf in .gitattributes) and zip it again");

    private static (string, string)? UnknownFormat(string executable, string architecture)
    {
        var header = ReadHeader(executable);
        if (StartsWith(header, "\u007fELF"u8) && header.Length >= 20)
        {
            return WrongMachine(executable, header, architecture);
        }

        if (StartsWith(header, "#!"u8))
        {
            return null;
        }

        // Editors on Windows may save a script with a UTF-8 byte order mark, which the editor hides.
        if (StartsWith(header, "\uFEFF#!"u8))
        {
            return (
                $"'{executable}' starts with a UTF-8 byte order mark (EF BB BF) before its '#!' line, so the kernel " +
                "does not see the '#!'",
                "save the file as UTF-8 without a byte order mark and zip it again");
        }

        var kind = StartsWith(header, "MZ"u8) ? " (it is a Windows executable)"
            : IsMachO(header) ? " (it is a macOS executable)"
            : "";
        return (
            $"'{executable}' is neither a script with a '#!' line nor a Linux (ELF) executable{kind}",
            "start a script with a '#!' line naming its interpreter (#!/bin/sh), or build the program for Linux " +
            $"on {architecture}");
    }

    private static (string, string)? WrongMachine(string executable, byte[] header, string architecture)
    {
        var machine = header[5] == 2
            ? BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(18))
            : BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
        var built = machine switch
        {
            X8664Machine => "x86_64",
            Arm64Machine => "arm64",
            X86Machine => "32-bit x86",
            ArmMachine => "32-bit arm",
            _ => $"ELF machine 0x{machine:x}",
        };
        if (built != architecture)
        {
            var setInstead = built is "x86_64" or "arm64" ? $", or set the function's architecture to '{built}'" : "";
            return (
                $"'{executable}' is a Linux executable built for {built}, but the function's architecture is " +
                $"{architecture}",
                $"build it for {architecture} (for .NET, -r linux-{(architecture == "arm64" ? "arm64" : "x64")})" +
                setInstead);
        }

        var host = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
        return (
            $"'{executable}' is built for {built}, the function's architecture, which this machine ({host}) cannot " +
            "run, though Lambda would",
            $"run it on a {built} machine, or build it for {host} to try it here");
    }

    private static bool IsMachO(byte[] header) =>
        header.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(header) is 0xFEEDFACF or 0xFEEDFACE
            or 0xBEBAFECA;

    private static bool StartsWith(byte[] header, ReadOnlySpan<byte> magic) => header.AsSpan().StartsWith(magic);

    private static byte[] ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[HeaderLength];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
