using System.IO.Compression;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// A prebuilt custom-runtime zip, as Lambda runs Go, Rust or shell functions: a POSIX shell `bootstrap` that
/// serves the Runtime API with curl and answers each event with its _HANDLER and LAMBDA_TASK_ROOT.
/// </summary>
internal static class ShellBootstrapArtifact
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

    public static void Write(string path)
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
