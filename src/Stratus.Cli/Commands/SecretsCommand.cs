using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Stratus.Aws;
using Stratus.Aws.Secrets;
using Stratus.Cli.Errors;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>
/// `stratus secrets set|get|list|rm`: a stage's secrets, encrypted with KMS and stored in its secrets bucket (or,
/// with --local, sealed with the local key file and stored in a folder). Values never reach logs or errors.
/// </summary>
internal static partial class SecretsCommand
{
    // Each command gets its own option instances (the Create* methods), read back by these names: an option
    // records the commands it belongs to, and roots built at once on several threads (as tests do)
    // corrupted that record when the instances were shared statics.
    private const string LocalName = "--local";
    private const string AwsProfileName = "--aws-profile";
    private const string S3EndpointName = "--s3-endpoint";
    private const string KmsEndpointName = "--kms-endpoint";
    private const string SecretName = "name";
    private const string ValueName = "--value";
    private const string FromFileName = "--from-file";
    private const string RevealName = "--reveal";

    private static Option<bool> CreateLocal() => new(LocalName)
    {
        Description = "Use the local store (the key file and folders under ~/.stratus) instead of AWS.",
        Recursive = true,
    };

    private static Option<string?> CreateAwsProfile() => new(AwsProfileName)
    {
        Description = "AWS profile to use (default: the environment, then AWS_PROFILE, then 'default').",
        Recursive = true,
    };

    private static Option<string?> CreateS3Endpoint() => new(S3EndpointName)
    {
        Description = $"S3-compatible endpoint URL (default: ${AwsSettings.S3EndpointVariable}, then AWS).",
        Recursive = true,
    };

    private static Option<string?> CreateKmsEndpoint() => new(KmsEndpointName)
    {
        Description = $"KMS-compatible endpoint URL (default: ${AwsSettings.KmsEndpointVariable}, then AWS).",
        Recursive = true,
    };

    private static Argument<string> CreateName() =>
        new(SecretName) { Description = "The secret's name, e.g. jwtSecret." };

    private static Option<string?> CreateValue() => RefusingOptionNames(new(ValueName)
    {
        Description = "The value (visible in shell history and process lists: prefer --from-file or stdin).",
    });

    private static Option<string?> CreateFromFile() => new(FromFileName)
    {
        Description = "Read the value from a file (one trailing newline is dropped).",
    };

    private static Option<bool> CreateReveal() => new(RevealName)
    {
        Description = "Print the decrypted value (otherwise only whether it decrypts).",
    };

    public static Command Create(CliConsole console)
    {
        var secrets = new Command(
            "secrets",
            "Manage a stage's encrypted secrets (read by ${s3:<stage>-secrets/NAME}).");
        secrets.Options.Add(CreateLocal());
        secrets.Options.Add(CreateAwsProfile());
        secrets.Options.Add(CreateS3Endpoint());
        secrets.Options.Add(CreateKmsEndpoint());

        var set = new Command("set", "Encrypt a value (from --from-file, --value or stdin) and store it.");
        set.Arguments.Add(CreateName());
        set.Options.Add(CreateValue());
        set.Options.Add(CreateFromFile());
        set.SetAction((parse, ct) => SetAsync(parse, console, ct));

        var get = new Command("get", "Check that a secret decrypts; print it only with --reveal.");
        get.Arguments.Add(CreateName());
        get.Options.Add(CreateReveal());
        get.SetAction((parse, ct) => GetAsync(parse, console, ct));

        var list = new Command("list", "List the stage's secrets: names, dates and key ids, never values.");
        list.SetAction((parse, ct) => ListAsync(parse, console, ct));

        var remove = new Command("rm", "Delete a secret.");
        remove.Arguments.Add(CreateName());
        remove.SetAction((parse, ct) => RemoveAsync(parse, console, ct));

        secrets.Subcommands.Add(set);
        secrets.Subcommands.Add(get);
        secrets.Subcommands.Add(list);
        secrets.Subcommands.Add(remove);
        return secrets;
    }

    /// <summary>
    /// `--value --verbose` (a script's unset variable before another option) would store the option's name as the
    /// secret; a value spelt like an option is refused, and not quoted, as it might still be the secret.
    /// </summary>
    private static Option<string?> RefusingOptionNames(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(token => OptionName().IsMatch(token.Value)))
            {
                result.AddError(
                    $"{option.Name} was given a word spelt like an option (not shown, in case it is the secret), "
                    + "most often the next option taking the place of an unset shell variable; give the value on "
                    + "standard input or with --from-file");
            }
        });
        return option;
    }

    [GeneratedRegex("^--?[a-zA-Z][a-zA-Z-]*$")]
    private static partial Regex OptionName();

    /// <summary>
    /// A parse error of `secrets set` without the words it would quote: an unexpected word there is most often the
    /// value given as an argument, which must not reach the terminal's scrollback or a CI log.
    /// </summary>
    public static string WithoutEchoedWords(string parseError) =>
        parseError.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)
            ? "'secrets set' takes only the secret's NAME as an argument (the unexpected word is not shown, as it may "
                + "be the secret); give the value on standard input, at the prompt, or with --from-file"
            : parseError;

    private static async Task<int> SetAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        // The service is read first, so a mistake in it is reported before anyone types a secret.
        var (store, where) = OpenStore(parse);
        var name = parse.GetRequiredValue<string>(SecretName);
        var value = await ReadValueAsync(parse, console, name, ct);

        var stored = await store.SetAsync(name, value, ct);
        await console.Out.WriteLineAsync(
            $"Stored secret '{name}' for stage '{store.Scope.Stage}' in {where}, "
            + $"encrypted with key '{stored.KeyId}'.");
        return ExitCodes.Success;
    }

    private static async Task<int> GetAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        var (store, where) = OpenStore(parse);
        var name = parse.GetRequiredValue<string>(SecretName);

        var value = await store.GetAsync(name, ct);
        await console.Out.WriteLineAsync(parse.GetValue<bool>(RevealName)
            ? value
            : $"Secret '{name}' of stage '{store.Scope.Stage}' ({where}) decrypts ({value.Length} characters); "
              + "pass --reveal to print it.");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        var (store, where) = OpenStore(parse);

        var secrets = await store.ListAsync(ct);
        if (secrets.Count == 0)
        {
            await console.Out.WriteLineAsync($"No secrets for stage '{store.Scope.Stage}' in {where}.");
            return ExitCodes.Success;
        }

        var width = Math.Max("name".Length, secrets.Max(s => s.Name.Length));
        await console.Out.WriteLineAsync($"{"name".PadRight(width)}  {"modified (UTC)",-19}  key");
        foreach (var secret in secrets)
        {
            var modified = secret.LastModified.UtcDateTime
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            await console.Out.WriteLineAsync($"{secret.Name.PadRight(width)}  {modified,-19}  {secret.KeyId}");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RemoveAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        var (store, where) = OpenStore(parse);
        var name = parse.GetRequiredValue<string>(SecretName);

        if (!await store.DeleteAsync(name, ct))
        {
            throw SecretErrors.NotFound(name, store.Scope.Stage, store.Scope.Bucket, parse.GetValue<bool>(LocalName));
        }

        await console.Out.WriteLineAsync($"Removed secret '{name}' of stage '{store.Scope.Stage}' from {where}.");
        return ExitCodes.Success;
    }

    private static async Task<string> ReadValueAsync(
        ParseResult parse,
        CliConsole console,
        string name,
        CancellationToken ct)
    {
        var inline = parse.GetValue<string?>(ValueName);
        var file = parse.GetValue<string?>(FromFileName);
        if (inline is not null && file is not null)
        {
            throw SecretErrors.TwoValueSources();
        }

        if (file is not null && !File.Exists(file))
        {
            throw SecretErrors.ValueFileMissing(file);
        }

        var (value, source) = (inline, file) switch
        {
            ({ } text, _) => (text, "--value"),
            (_, { } path) => (DropTrailingNewline(await File.ReadAllTextAsync(path, ct)), $"--from-file '{path}'"),
            _ when !Console.IsInputRedirected => (await PromptAsync(console, name), "the prompt"),
            _ => (DropTrailingNewline(await Console.In.ReadToEndAsync(ct)), "standard input"),
        };
        return value.Length == 0 ? throw SecretErrors.EmptyValue(source) : value;
    }

    /// <summary>Asks a person at a terminal for the value, without showing what they type.</summary>
    private static async Task<string> PromptAsync(CliConsole console, string name)
    {
        await console.Error.WriteAsync($"Value of secret '{name}' (not shown; Enter ends it): ");
        var value = HiddenInput.Read(() => Console.ReadKey(intercept: true));
        await console.Error.WriteLineAsync();
        return value;
    }

    // Editors and `echo` end files with a newline that is not part of the secret.
    private static string DropTrailingNewline(string value) =>
        value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2]
        : value.EndsWith('\n') ? value[..^1]
        : value;

    private static (ISecretStore Store, string Where) OpenStore(ParseResult parse)
    {
        var service = ServiceContext.Load(parse);
        var scope = new SecretScope
        {
            Service = service.Name,
            Stage = service.Stage,
            Bucket = Setting(service, "custom.stratus.secrets.bucket") ?? SecretScope.DefaultBucket(service.Stage),
            KmsKeyId = Setting(service, "custom.stratus.secrets.kmsKeyId") ?? SecretScope.DefaultKmsKeyId,
        };

        var environment = ServiceLoadOptions.ReadProcessEnvironment();
        if (parse.GetValue<bool>(LocalName))
        {
            var home = LocalSecretsHome.FromEnvironment(environment);
            return (new LocalSecretStore(home, scope), $"the local store, bucket '{scope.Bucket}'");
        }

        var settings = SecretSources.AwsSettingsFor(
            environment,
            service.Region,
            parse.GetValue<string?>(AwsProfileName),
            parse.GetValue<string?>(S3EndpointName),
            parse.GetValue<string?>(KmsEndpointName));
        var clients = new AwsClients(settings);
        return (new AwsSecretStore(clients.CreateS3(), clients.CreateKms(), scope), $"bucket '{scope.Bucket}'");
    }

    private static string? Setting(ServiceDefinition service, string path) => service.Resolved.Find(path) switch
    {
        null or ConfigScalar { IsNull: true } => null,
        ConfigScalar scalar => scalar.Value,
        _ => throw SecretErrors.SettingNotText(path),
    };
}
