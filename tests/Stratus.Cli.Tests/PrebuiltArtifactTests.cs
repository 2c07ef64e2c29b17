using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// A `provided.al2023` function whose `package.artifact` is a prebuilt zip with a shell `bootstrap` (as Lambda runs
/// Go, Rust or shell functions) is served by plain `dev`: unzipped into its own task folder, nothing built.
/// </summary>
public sealed class PrebuiltArtifactTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-prebuilt-").FullName;

    // The unzipped task folders are read-only, as in Lambda; deleting them needs write permission back.
    public void Dispose() => Stratus.Packaging.Internal.FolderLease.DeleteFolder(_folder);

    [Fact]
    public async Task Dev_PrebuiltShellBootstrap_RunsFromItsOwnTaskFolderThroughTheRuntimeApi()
    {
        ShellBootstrapArtifact.Write(Path.Combine(_folder, "dist", "hello.zip"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "serverless.yml"), """
            service: shell-service
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              hello:
                handler: hello.handler
                package:
                  artifact: dist/hello.zip
                events:
                  - httpApi: GET /hello
            """);
        var service = ServiceLoader.Load(Path.Combine(_folder, "serverless.yml"), new ServiceLoadOptions());
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, NullLoggerFactory.Instance);

        await using var session = await DevSession.StartAsync(service, 0, new RecordingOutputSink(), console, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = session.Cloud.BaseAddress };
        var answer = await client.GetFromJsonAsync<JsonElement>("/hello");

        Assert.Equal("hello.handler", answer.GetProperty("handler").GetString());
        var taskRoot = answer.GetProperty("taskRoot").GetString()!;
        Assert.True(File.Exists(Path.Combine(taskRoot, "bootstrap")), taskRoot);
        Assert.StartsWith(Path.Combine(_folder, ".stratus"), taskRoot, StringComparison.Ordinal);
    }

    // A Go, Rust or shell function is rebuilt outside Stratus; dev must serve the new zip as it serves a new build.
    [Fact]
    public async Task Dev_PrebuiltArtifactRewrittenOrItsFolderMadeAgain_ReloadsAndServesTheNewZip()
    {
        var zip = Path.Combine(_folder, "bin", "hello.zip");
        ShellBootstrapArtifact.Write(zip);
        await File.WriteAllTextAsync(Path.Combine(_folder, "serverless.yml"), """
            service: shell-service
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              hello:
                handler: hello.handler
                package:
                  artifact: bin/hello.zip
                events:
                  - httpApi: GET /hello
            """);
        ServiceDefinition LoadService() =>
            ServiceLoader.Load(Path.Combine(_folder, "serverless.yml"), new ServiceLoadOptions());
        var service = LoadService();
        using var log = new StringWriter();
        using var console = TextWriter.Synchronized(log);
        var cli = new CliConsole(TextWriter.Null, console, NullLoggerFactory.Instance);
        var output = new RecordingOutputSink();
        await using var session = await DevSession.StartAsync(service, 0, output, cli, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var watching = new ReloadCoordinator(session, LoadService, cli, output, packaged: false).RunAsync(stop.Token);
        using var client = new HttpClient { BaseAddress = session.Cloud.BaseAddress };
        var before = await client.GetStringAsync("/hello");
        await WaitForAsync(() => Shows(console, log, "Watching the prebuilt artifact(s) bin/hello.zip"));

        // As zip tools do: a new file beside it, renamed over the old one.
        ShellBootstrapArtifact.WriteEcho(zip + ".new");
        File.Move(zip + ".new", zip, overwrite: true);
        await WaitForAsync(() => Shows(console, log, "Reloaded: new requests run the new build."));
        var after = await client.GetStringAsync("/hello");

        // A build tool that cleans its output folder deletes it and makes it again.
        Directory.Delete(Path.GetDirectoryName(zip)!, recursive: true);
        await WaitForAsync(() => Shows(console, log, "The rebuild was refused; the previous build keeps serving"));
        ShellBootstrapArtifact.Write(zip);
        await WaitForAsync(() => Occurrences(console, log, "Reloaded: new requests run the new build.") == 2);
        var remade = await client.GetStringAsync("/hello");

        Assert.Contains("\"handler\":\"hello.handler\"", before, StringComparison.Ordinal);
        Assert.Contains("\"rawPath\":\"/hello\"", after, StringComparison.Ordinal);
        Assert.Contains("\"handler\":\"hello.handler\"", remade, StringComparison.Ordinal);
        await stop.CancelAsync();
        await watching.ConfigureAwait(
            ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    // The synchronized writer locks itself for each write, so holding it keeps the text still while it is read.
    private static bool Shows(TextWriter console, StringWriter log, string text)
    {
        lock (console)
        {
            return log.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    private static int Occurrences(TextWriter console, StringWriter log, string text)
    {
        lock (console)
        {
            return log.ToString().Split(text).Length - 1;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, "the console never showed what the test waits for");
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
