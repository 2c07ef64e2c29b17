namespace Stratus.Cli.Errors;

/// <summary>The usage errors of `stratus secrets`, each with a stable STR42xx code.</summary>
internal static class SecretErrors
{
    public static UsageException TwoValueSources() => new(
        "STR4201",
        "the value is given twice (--value and --from-file).",
        "give the value once: --from-file PATH, --value TEXT, or on standard input.");

    public static UsageException EmptyValue(string source) => new(
        "STR4202",
        $"the secret value from {source} is empty.",
        "give a value with --value, --from-file, standard input (such as 'openssl rand -base64 32 | stratus " +
        "secrets set NAME') or, at a terminal, the prompt; to remove a secret, use 'stratus secrets rm NAME'.");

    public static UsageException ValueFileMissing(string path) => new(
        "STR4203",
        $"the value file '{path}' does not exist.",
        "give --from-file the path of a file that holds the value, relative to the current folder.");

    public static UsageException NotFound(string name, string stage, string bucket, bool local) => new(
        "STR4204",
        $"stage '{stage}' has no secret '{name}' in bucket '{bucket}', so there is nothing to remove.",
        $"run 'stratus secrets list{(local ? " --local" : "")} --stage {stage}' to see the names that exist.");

    public static UsageException SettingNotText(string path) => new(
        "STR4205",
        $"'{path}' in serverless.yml is not text.",
        $"set {path} to a plain name, such as 'my-service-dev-secrets'.");
}
