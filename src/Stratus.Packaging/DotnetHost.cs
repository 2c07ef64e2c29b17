namespace Stratus.Packaging;

/// <summary>Finds the `dotnet` executable that builds projects and runs framework-dependent functions.</summary>
public static class DotnetHost
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The full path of the `dotnet` executable.</summary>
    public static string Path => Located.Value;

    private static string Locate()
    {
        // The SDK sets DOTNET_HOST_PATH for tools it starts; PATH covers a plain shell.
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
        {
            return fromHost;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "dotnet"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? "/usr/share/dotnet";
        return System.IO.Path.Combine(root, "dotnet");
    }
}
