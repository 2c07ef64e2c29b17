namespace Stratus.Cli;

/// <summary>Standard input when something is piped or redirected into it, for `invoke local`'s event.</summary>
internal static class PipedInput
{
    /// <summary>Console.In when standard input is a pipe or a file; null for a terminal or no input at all.</summary>
    public static TextReader? Open() =>
        Console.IsInputRedirected && !(OperatingSystem.IsLinux() && IsOwnPipe()) ? Console.In : null;

    /// <summary>
    /// Whether standard input is a pipe this process itself holds another end of, which never ends. A process
    /// started with standard input closed (`&lt;&amp;-`) finds the runtime's own internal pipe in that slot, so
    /// reading it would wait forever; a parent that leaked its write end into this process is the same case.
    /// </summary>
    private static bool IsOwnPipe()
    {
        var target = LinkTarget("/proc/self/fd/0");
        if (target is null || !target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return false;
        }

        return Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Where(path => Path.GetFileName(path) != "0")
            .Any(path => LinkTarget(path) == target);
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
