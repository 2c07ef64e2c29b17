using System.CommandLine;
using System.CommandLine.Parsing;
using Stratus.Aws;
using Stratus.Aws.Secrets;
using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// Chooses how <c>${s3:}</c> and <c>${ssm:}</c> resolve for a command. <c>dev</c> and <c>invoke local</c> read the
/// local store (generating a missing secret, announced on stderr). <c>package</c> writes a deployment, so it reads
/// the stage's real secrets: from AWS by default, from the local store with <c>--local</c>, and a missing one is a
/// located error. Every other command (<c>print</c>, <c>secrets</c>) never shows nor uses those values, so they
/// resolve to <c>***</c> without contacting AWS.
/// </summary>
internal static class SecretSources
{
    public static IReadOnlyDictionary<string, IVariableSource> For(
        ParseResult parse,
        string configPath,
        IReadOnlyDictionary<string, string> environment)
    {
        var command = CommandPath(parse);
        if (command is "dev" or "invoke local")
        {
            return ForLocalCloud(configPath, environment, parse.InvocationConfiguration.Error);
        }

        if (command == "package")
        {
            return ForPackage(parse, configPath, environment);
        }

        // Limitation: print never reads ${s3:}/${ssm:} (it shows '***' without contacting AWS), so a missing secret
        // is reported by package, dev or invoke local, not by print. Tracked in #6.
        var masked = new MaskedVariableSource();
        return new Dictionary<string, IVariableSource>(StringComparer.Ordinal) { ["s3"] = masked, ["ssm"] = masked };
    }

    /// <summary>
    /// The sources of <c>stratus package</c>: the stage's stored envelopes (ciphertext), never generated and never
    /// masked, because a deployment environment holding <c>***</c> would not work. <c>${ssm:...~true}</c> is
    /// refused: its decrypted value would be plain text in the package.
    /// </summary>
    private static Dictionary<string, IVariableSource> ForPackage(
        ParseResult parse,
        string configPath,
        IReadOnlyDictionary<string, string> environment)
    {
        if (parse.GetValue<bool>(Commands.PackageCommand.LocalName))
        {
            var home = LocalSecretsHome.FromEnvironment(environment);
            var local = new LocalS3VariableSource(home, ServiceName(configPath), TextWriter.Null);
            return new Dictionary<string, IVariableSource>(StringComparer.Ordinal) { ["s3"] = local };
        }

        var settings = AwsSettingsFor(
            environment,
            parse.GetValue<string?>(CommonOptions.RegionName),
            parse.GetValue<string?>(Commands.PackageCommand.AwsProfileName),
            parse.GetValue<string?>(Commands.PackageCommand.S3EndpointName));
        var clients = new AwsClients(settings);
        return new Dictionary<string, IVariableSource>(StringComparer.Ordinal)
        {
            ["s3"] = new S3VariableSource(clients.CreateS3),
            ["ssm"] = new SsmVariableSource(clients.CreateSsm) { AllowDecryption = false },
        };
    }

    /// <summary>
    /// The sources the local cloud runs with: <c>${s3:}</c> from the local store, a missing secret generated and
    /// announced. The store is found from the same environment LocalCloudMapper uses for the key file.
    /// </summary>
    public static IReadOnlyDictionary<string, IVariableSource> ForLocalCloud(
        string configPath,
        IReadOnlyDictionary<string, string> environment,
        TextWriter announcements)
    {
        var home = LocalSecretsHome.FromEnvironment(environment);
        var local = new LocalS3VariableSource(home, ServiceName(configPath), announcements) { GenerateMissing = true };
        return new Dictionary<string, IVariableSource>(StringComparer.Ordinal) { ["s3"] = local };
    }

    /// <summary>The AWS settings from the options (null when not given) and the environment.</summary>
    public static AwsSettings AwsSettingsFor(
        IReadOnlyDictionary<string, string> environment,
        string? region,
        string? profile = null,
        string? s3Endpoint = null,
        string? kmsEndpoint = null) => new()
    {
        Profile = profile,
        Region = region
            ?? environment.GetValueOrDefault("AWS_REGION")
            ?? environment.GetValueOrDefault("AWS_DEFAULT_REGION")
            ?? "us-east-1",
        S3Endpoint = Endpoint(s3Endpoint ?? ConfiguredEndpoint(environment, AwsSettings.S3EndpointVariable, "S3")),
        KmsEndpoint = Endpoint(kmsEndpoint ?? ConfiguredEndpoint(environment, AwsSettings.KmsEndpointVariable, "KMS")),
        SsmEndpoint = Endpoint(ConfiguredEndpoint(environment, AwsSettings.SsmEndpointVariable, "SSM")),
        Environment = environment,
    };

    /// <summary>
    /// Stratus's own endpoint variable, else the AWS SDKs' standard ones (AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then
    /// AWS_ENDPOINT_URL). Read here rather than left to the SDK, which sees only the process environment: the
    /// environment given includes a service's .env values, and a client with an explicit endpoint is signed for the
    /// region it asks (<c>${ssm(eu-west-1):...}</c>), where the SDK's own reading signed every one for one region.
    /// </summary>
    private static string? ConfiguredEndpoint(
        IReadOnlyDictionary<string, string> environment,
        string stratusVariable,
        string service) =>
        new[] { stratusVariable, "AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL" }
            .Select(environment.GetValueOrDefault)
            .FirstOrDefault(value => !string.IsNullOrEmpty(value));

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return string.Join(" ", names);
    }

    private static Uri? Endpoint(string? value) =>
        string.IsNullOrEmpty(value) ? null : new Uri(value, UriKind.Absolute);

    /// <summary>
    /// The literal <c>service:</c> of the file, read without resolving anything: the local store names the service
    /// in each envelope it writes, before the service itself has been loaded.
    /// </summary>
    private static string ServiceName(string configPath)
    {
        try
        {
            var text = File.ReadAllText(configPath);
            var root = ConfigJson.IsJsonPath(configPath)
                ? ConfigJson.Parse(text, configPath)
                : ConfigYaml.Parse(text, configPath);
            if (root.Find("service") is ConfigScalar { IsNull: false } name
                && !name.Value.Contains("${", StringComparison.Ordinal))
            {
                return name.Value;
            }

            return "service";
        }
        catch (Exception error) when (error is IOException or ConfigException)
        {
            // The real load reports the problem with its location; the name only labels generated secrets.
            return "service";
        }
    }
}
