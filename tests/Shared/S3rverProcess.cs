using System.Diagnostics;
using System.Text.Json;

namespace Stratus.Tests.Shared;

/// <summary>
/// The s3rver npm package, installed on first use into the repository's ignored .stratus/tools folder and run on
/// 127.0.0.1 on a free port, with its data in a temporary folder; stopped (by its process id) on dispose.
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _directory;

    private S3rverProcess(Process process, string directory, Uri endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Gets the folder where s3rver keeps buckets and objects.</summary>
    public string DataDirectory => _directory;

    public static string ToolsDirectory => Path.Combine(SharedRepositoryRoot.Path, ".stratus", "tools");

    public static async Task<S3rverProcess> StartAsync(params string[] buckets)
    {
        await EnsureInstalledAsync();
        var directory = Directory.CreateTempSubdirectory("stratus-s3rver-").FullName;
        var script = Path.Combine(ToolsDirectory, "start-s3rver.js");

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ToolsDirectory,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(string.Join(",", buckets));
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");

        // The script prints one JSON line with the bound address once s3rver listens.
        using var limit = new CancellationTokenSource(StartLimit);
        var line = await process.StandardOutput.ReadLineAsync(limit.Token);
        if (line is null)
        {
            var error = await process.StandardError.ReadToEndAsync(limit.Token);
            throw new InvalidOperationException($"s3rver did not start: {error}");
        }

        using var address = JsonDocument.Parse(line);
        var port = address.RootElement.GetProperty("port").GetInt32();
        return new S3rverProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var script = Path.Combine(SharedRepositoryRoot.Path, "eng", "install-test-tools.sh");
            if (File.Exists(Path.Combine(ToolsDirectory, "node_modules", "s3rver", "package.json"))
                && File.Exists(Path.Combine(ToolsDirectory, "start-s3rver.js")))
            {
                return;
            }

            using var install = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardError = true })
                ?? throw new InvalidOperationException("bash did not start.");
            var error = await install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"eng/install-test-tools.sh failed ({install.ExitCode}): {error}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
