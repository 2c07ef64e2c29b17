using System.IO.Compression;
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
    private const string Bootstrap = """
        #!/bin/sh
        set -eu
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          headers="$(mktemp)"
          event="$(curl -sS -D "$headers" "$api/invocation/next")"
          id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')"
          rm -f "$headers"
          body="$(printf '{"handler":"%s","taskRoot":"%s"}' "$_HANDLER" "$LAMBDA_TASK_ROOT" | sed 's/"/\\"/g')"
          printf '{"statusCode":200,"body":"%s"}' "$body" \
            | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        done
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-prebuilt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Dev_PrebuiltShellBootstrap_RunsFromItsOwnTaskFolderThroughTheRuntimeApi()
    {
        WriteArtifact(Path.Combine(_folder, "dist", "hello.zip"));
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

    private static void WriteArtifact(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var entry = zip.CreateEntry("bootstrap");

        // Unix mode 0755 in the high bits of the external attributes, as zip tools record it.
        entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(Bootstrap.ReplaceLineEndings("\n") + "\n");
    }
}
