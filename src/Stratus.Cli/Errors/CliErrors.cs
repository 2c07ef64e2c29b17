namespace Stratus.Cli.Errors;

/// <summary>The command-line errors `stratus` reports, each with a stable STR4xxx code.</summary>
internal static class CliErrors
{
    public static UsageException BadArguments(string detail) => new(
        "STR4001",
        detail.TrimEnd('.') + ".",
        "run 'stratus --help', or 'stratus <command> --help', to see the commands and their options.");

    public static UsageException ConfigNotFound(string path) => new(
        "STR4002",
        $"no service configuration at '{path}'.",
        "run the command in a folder that holds serverless.yml (or .yaml, .json), or name the file with --config.");

    public static UsageException DataIsNotJson(string source, string reason) => new(
        "STR4003",
        $"the event given by {source} is not valid JSON: {reason}",
        "pass a JSON document, for example --data '{\"name\":\"ada\"}', or a JSON file with --path; --raw " +
        "passes the text as a string.");

    public static UsageException EventFileIsNotJson(string option, string where, string reason) => new(
        "STR4003",
        $"the file given by {option} is not valid JSON: {where}: {reason}",
        "write the file as JSON, or as YAML in a file whose name ends in .yml or .yaml.");

    public static UsageException EventFileMissing(string option, string given, IReadOnlyList<string> lookedAt) => new(
        "STR4004",
        lookedAt.Count == 1
            ? $"{option} '{given}': there is no file at '{lookedAt[0]}'."
            : $"{option} '{given}': there is no file at '{lookedAt[0]}' (in the service folder) nor at " +
                $"'{lookedAt[1]}' (in the current folder).",
        $"give {option} the path of {FileKind(option)}, relative to the service folder (the folder of the " +
        "serverless.yml in use), or an absolute path.");

    public static UsageException EventPathIsFolder(string option, string path) => new(
        "STR4004",
        $"{option} names '{path}', which is a folder, not a file.",
        $"give {option} the path of {FileKind(option)} in it, relative to the service folder.");

    public static UsageException UnknownFunction(string name, IEnumerable<string> known) => new(
        "STR4005",
        $"the service has no function '{name}'; it has {string.Join(", ", known.Select(k => $"'{k}'"))}.",
        "pass one of the function keys under 'functions:' in serverless.yml with -f.");

    public static UsageException BadParam(string value) => new(
        "STR4006",
        $"--param '{value}' is not of the form key=value.",
        "write each parameter as --param \"key=value\".");

    public static UsageException EmptyParam(string value) => new(
        "STR4006",
        $"--param '{value}' has no value after '='; the Serverless Framework refuses an empty parameter.",
        $"give it a value, --param \"{value}value\", or leave the parameter out to use the params block.");

    public static UsageException BadEnv(string value) => new(
        "STR4006",
        $"--env '{value}' is not of the form KEY=VALUE.",
        "write each variable as --env KEY=VALUE (or -e KEY=VALUE), once per variable.");

    public static UsageException ReservedEnv(IReadOnlyList<string> names) => new(
        "STR4012",
        $"--env sets {Quoted(names)}, which Lambda reserves for itself: every function gets Lambda's own value, " +
        "and a deploy that sets one fails, as serverless.yml may not set it either (STR1216).",
        "leave it out, as Lambda and the emulator set it for every function (--region sets AWS_REGION), or give " +
        "the value a name of your own.");

    public static UsageException InvalidEnvName(IReadOnlyList<string> names, string rule) => new(
        "STR4012",
        $"--env names {Quoted(names)}, which Lambda does not accept as an environment variable name.",
        $"name each variable with {rule}, as in serverless.yml.");

    public static UsageException PathNotFound(string path) => new(
        "STR4007",
        $"the resolved service has nothing at '{path}'.",
        "give --path a dotted path that exists, such as 'provider.environment' or 'functions.status'.");

    public static UsageException BothDataAndPath() => new(
        "STR4008",
        "both --data and --path give the event.",
        "pass the event once: inline with --data, or from a file with --path.");

    public static UsageException BothContextAndContextPath() => new(
        "STR4008",
        "both --context and --contextPath give the client context.",
        "pass the client context once: inline with --context, or from a file with --contextPath.");

    public static UsageException ClientContextInvalid(string source, string reason) => new(
        "STR4010",
        $"the client context given by {source} is not a JSON object: {reason}",
        "pass a JSON object, such as --context '{\"custom\":{\"tenant\":\"a\"}}'; Lambda gives the function " +
        "a client context only as an object.");

    public static UsageException ClientContextTooLarge(string source, int base64Length, int limit) => new(
        "STR4010",
        $"the client context given by {source} is {base64Length} bytes once Base64-encoded, over Lambda's {limit}.",
        $"keep the client context's JSON to at most {limit / 4 * 3} bytes; pass larger data in the event.");

    public static UsageException EventTooLarge(string source, int size, int limit) => new(
        "STR4011",
        $"the event given by {source} is {size} bytes, over Lambda's {limit}-byte (6 MB) limit for a synchronous " +
        $"invocation; Lambda refuses it with 413 RequestEntityTooLargeException ('Request must be smaller than " +
        $"{limit} bytes for the InvokeFunction operation').",
        $"pass an event of at most {limit} bytes; put larger data in a store such as S3 and pass its address in " +
        "the event.");

    public static UsageException PortInUse(int port) => new(
        "STR4009",
        $"port {port} on 127.0.0.1 is already in use.",
        "stop what listens there, or pass another port with --port (0 picks a free one).");

    // --path also takes a text file, whose text is the event, as the framework reads one; a client context is JSON.
    private static string FileKind(string option) =>
        option == "--path" ? "a JSON, YAML or text file" : "a JSON or YAML file";

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(name => $"'{name}'"));
}
