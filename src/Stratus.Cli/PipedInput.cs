namespace Stratus.Cli;

/// <summary>Standard input when something is piped or redirected into it, for `invoke local`'s event.</summary>
internal static class PipedInput
{
    /// <summary>Console.In when standard input is a pipe or a file; null for a terminal or no input at all.</summary>
    public static TextReader? Open() =>
        Console.IsInputRedirected && !(OperatingSystem.IsLinux() && IsOwnPipe()) ? Console.In : null;

    /// <summary>
    /// Whether standard input is a pipe whose write end this process itself holds, so it never ends. A process
    /// started with standard input closed (`&lt;&amp;-`) finds the runtime's own internal pipe in that slot, so
    /// reading it would wait forever; a parent that leaked its write end into this process is the same case.
    /// Other read ends of the same pipe do not count: the runtime keeps a copy of descriptor 0 of its own.
    /// </summary>
    private static bool IsOwnPipe()
    {
        var target = LinkTarget("/proc/self/fd/0");
        if (target is null || !target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return false;
        }

        return Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Where(path => Path.GetFileName(path) != "0" && LinkTarget(path) == target)
            .Any(path => CanWrite(Path.GetFileName(path)));
    }

    /// <summary>Whether a descriptor was opened for writing: the access mode in its fdinfo flags (octal).</summary>
    private static bool CanWrite(string descriptor)
    {
        const int AccessModeMask = 3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
        try
        {
            var flags = File.ReadLines($"/proc/self/fdinfo/{descriptor}")
                .FirstOrDefault(line => line.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & AccessModeMask) != 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A descriptor closed while the folder was listed.
            return false;
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A descriptor closed while the folder was listed.
            return null;
        }
    }
}
