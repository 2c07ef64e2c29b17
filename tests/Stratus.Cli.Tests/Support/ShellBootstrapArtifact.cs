using System.IO.Compression;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// A prebuilt custom-runtime zip, as Lambda runs Go, Rust or shell functions: a POSIX shell `bootstrap` that
/// serves the Runtime API with curl and answers each event in one of a few fixed ways.
/// </summary>
internal static class ShellBootstrapArtifact
{
    // Reads each event into $event and its request id into $id, then runs the answer step.
    private const string Loop = """
        #!/bin/sh
        set -eu
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          headers="$(mktemp)"
          event="$(curl -sS -D "$headers" "$api/invocation/next")"
          id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')"
          context="$(grep -i '^Lambda-Runtime-Client-Context:' "$headers" | cut -d' ' -f2- | tr -d '\r\n')"
          rm -f "$headers"
        {{answer}}
        done
        """;

    private const string DescribeAnswer = """
          body="$(printf '{"handler":"%s","taskRoot":"%s"}' "$_HANDLER" "$LAMBDA_TASK_ROOT" | sed 's/"/\\"/g')"
          printf '{"statusCode":200,"body":"%s"}' "$body" \
            | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        """;

    private const string CredentialsAnswer = """
          printf '{"profile":"%s","keyId":"%s","files":"%s %s"}' "${AWS_PROFILE:-}" "${AWS_ACCESS_KEY_ID:-}" \
            "${AWS_SHARED_CREDENTIALS_FILE:-}" "${AWS_CONFIG_FILE:-}" \
            | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        """;

    private const string ContextAndEnvironmentAnswer = """
          printf '{"context":%s,"greeting":"%s","kept":"%s"}' "${context:-null}" "${GREETING:-}" "${KEPT:-}" \
            | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        """;

    private const string EchoAnswer = """
          printf '%s' "$event" | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        """;

    private const string FailAnswer = """
          error='{"errorMessage":"boom","errorType":"Shell.Failure",'
          error="$error"'"stackTrace":["at step (bootstrap:9)","at main (bootstrap:2)"]}'
          printf '%s' "$error" \
            | curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Shell.Failure' --data-binary @- \
              "$api/invocation/$id/error" > /dev/null
        """;

    // Reports an error whose message spans two lines and carries a terminal escape sequence (ESC is \033).
    private const string FailMultiLineAnswer = """
          error="$(printf '{"errorMessage":"first\\nsecond \\u001b[31mred","errorType":"Shell.Failure"}')"
          printf '%s' "$error" \
            | curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Shell.Failure' --data-binary @- \
              "$api/invocation/$id/error" > /dev/null
        """;

    // Reports an init error and exits, as a runtime whose setup failed does.
    private const string InitFailing = """
        #!/bin/sh
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        echo 'reading the configuration failed' >&2
        printf '%s' '{"errorMessage":"no configuration","errorType":"Shell.InitFailure"}' \
          | curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Shell.InitFailure' --data-binary @- \
            "$api/init/error" > /dev/null
        exit 1
        """;

    // An init that never finishes: it says so, then sleeps past Lambda's 10 s init limit and any timeout.
    private const string InitHolding = """
        #!/bin/sh
        echo "init: holding in pid $$" >&2
        sleep 60
        """;

    // Answers, then works on before it asks for the next event, as a runtime that flushes or cleans up does.
    private const string AnswerThenFinishAnswer = """
          printf '%s' "$event" | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
          sleep 0.6
          echo "cleaned up after $id"
        """;

    private const string SleepAnswer = """
          sleep 30
        """;

    /// <summary>Answers each event with its _HANDLER and LAMBDA_TASK_ROOT, as an HTTP API response.</summary>
    public static void Write(string path) => WriteZip(path, DescribeAnswer);

    /// <summary>Answers each event with the event itself, byte for byte.</summary>
    public static void WriteEcho(string path) => WriteZip(path, EchoAnswer);

    /// <summary>Answers each event with the AWS profile, access key id and config file paths it was given.</summary>
    public static void WriteCredentials(string path) => WriteZip(path, CredentialsAnswer);

    /// <summary>Answers each event with its client context (or null) and the GREETING and KEPT variables.</summary>
    public static void WriteContextAndEnvironment(string path) => WriteZip(path, ContextAndEnvironmentAnswer);

    /// <summary>Fails each event with an error whose payload has errorType, errorMessage and a stackTrace.</summary>
    public static void WriteFailing(string path) => WriteZip(path, FailAnswer);

    /// <summary>Fails every event with a message of two lines holding a terminal escape sequence.</summary>
    public static void WriteFailingMultiLine(string path) => WriteZip(path, FailMultiLineAnswer);

    /// <summary>Echoes each event, then sleeps 0.6 s and prints a line before it asks for the next one.</summary>
    public static void WriteAnswerThenFinish(string path) => WriteZip(path, AnswerThenFinishAnswer);

    /// <summary>Never answers: each event sleeps past any timeout a test sets.</summary>
    public static void WriteSleeping(string path) => WriteZip(path, SleepAnswer);

    /// <summary>Fails its init through /init/error, before any event.</summary>
    public static void WriteInitFailing(string path) => WriteScript(path, InitFailing);

    /// <summary>Holds its init until it is ended, in every process.</summary>
    public static void WriteInitHolding(string path) => WriteScript(path, InitHolding);

    private static void WriteZip(string path, string answer) =>
        WriteScript(path, Loop.Replace("{{answer}}", answer.TrimEnd(), StringComparison.Ordinal));

    private static void WriteScript(string path, string script)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var entry = zip.CreateEntry("bootstrap");

        // Unix mode 0755 in the high bits of the external attributes, as zip tools record it.
        entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(script.ReplaceLineEndings("\n") + "\n");
    }
}
