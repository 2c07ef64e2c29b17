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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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
}
