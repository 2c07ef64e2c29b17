namespace Stratus.Service.Internal.Model;

/// <summary>The provider block.</summary>
internal sealed partial class ServiceModelBuilder
{
    private const string ProviderOwner = "provider";

    private ProviderDefinition? Provider(ServiceLoadOptions options)
    {
        if (ProviderMapping(_root["provider"]) is not { } provider)
        {
            _read.Error(
                ConfigErrorCodes.ProviderInvalid,
                _root["provider"]?.At ?? _documentStart,
                "the configuration has no 'provider' mapping.",
                "add a provider block, for example 'provider:' with 'name: aws' and 'runtime: dotnet8' under it.");
            return null;
        }

        var name = _read.Text(provider, "name", ProviderOwner);
        if (!string.Equals(name, "aws", StringComparison.Ordinal))
        {
            _read.Error(
                ConfigErrorCodes.ProviderInvalid,
                provider["name"]?.At ?? provider.At,
                $"the provider name is '{name ?? "missing"}', and Stratus deploys only to 'aws'.",
                "set 'name: aws' under provider.");
        }

        return new ProviderDefinition
        {
            Name = "aws",
            Runtime = _read.Text(provider, "runtime", ProviderOwner),
            Stage = Stage(provider, options),
            Region = Region(provider, options),
            MemorySize = MemorySize(provider, ProviderOwner) ?? 1024,
            Timeout = Timeout(provider, ProviderOwner) ?? 6,
            Environment = _read.Environment(provider, ProviderOwner),
            BinaryMediaTypes = BinaryMediaTypes(provider),
            EndpointType = EndpointType(provider),
            HttpApiCors = HttpApiCors(provider["httpApi"] as ConfigMapping),
            HttpApiPayloadVersion = PayloadVersion(provider["httpApi"] as ConfigMapping, "provider.httpApi") ?? "2.0",
            Architecture = Architecture(provider, ProviderOwner),
            Node = provider,
        };
    }

    /// <summary>
    /// The provider block; the framework also takes the provider's name alone ('provider: aws'), meaning
    /// 'provider: {name: aws}', read here as that mapping located at the name.
    /// </summary>
    internal static ConfigMapping? ProviderMapping(ConfigNode? node) => node switch
    {
        ConfigMapping mapping => mapping,
        ConfigScalar { IsNull: false, Kind: ScalarKind.Text } name =>
            new ConfigMapping(name.At, [new ConfigEntry("name", name.At, name)]),
        _ => null,
    };

    private IReadOnlyList<string> BinaryMediaTypes(ConfigMapping provider) =>
        _read.TextList(provider["apiGateway"] as ConfigMapping, "binaryMediaTypes", "provider.apiGateway") ?? [];

    // The framework's schema takes the three names in any case.
    private string EndpointType(ConfigMapping provider)
    {
        var endpointType = _read.Text(provider, "endpointType", ProviderOwner);
        var upper = endpointType?.ToUpperInvariant() ?? "EDGE";
        if (upper is "EDGE" or "REGIONAL" or "PRIVATE")
        {
            return upper;
        }

        _read.Error(
            ConfigErrorCodes.ValueTypeInvalid,
            provider["endpointType"]!.At,
            $"provider.endpointType is '{endpointType}', which is not an API Gateway endpoint type.",
            "use 'EDGE' (the default), 'REGIONAL' or 'PRIVATE'.");
        return "EDGE";
    }

    private string Stage(ConfigMapping provider, ServiceLoadOptions options)
    {
        var option = options.Stage ?? options.Options.GetValueOrDefault("stage");
        var stage = string.IsNullOrEmpty(option) ? _read.Text(provider, "stage", ProviderOwner) ?? "dev" : option;

        // A --stage value has no place in the file; provider.stage, where the service takes it (usually
        // ${opt:stage, ...}, which resolved to it), is the nearest, else the file as a whole.
        var fromOption = !string.IsNullOrEmpty(option);
        var at = fromOption ? OptionAt(provider, "stage", option!) : provider["stage"]?.At ?? provider.At;
        if (!NameRules.IsStage(stage))
        {
            _read.Errors.Add(StageErrors.Invalid(at, stage, fromOption));
        }
        else if (_serviceName is not null && StackNameLength(_serviceName, stage) > MaxStackNameLength)
        {
            _read.Error(
                ConfigErrorCodes.StageInvalid,
                at,
                $"the stack name '{_serviceName}-<stage>' would be {StackNameLength(_serviceName, stage)} " +
                $"characters with this {stage.Length}-character stage; CloudFormation takes at most " +
                $"{MaxStackNameLength}" + (fromOption ? " (the stage comes from --stage)." : "."),
                "use a shorter stage (or service name).");
        }

        return stage;
    }

    private const int MaxStackNameLength = 128;

    // The stack is '<service>-<stage>'.
    private static int StackNameLength(string serviceName, string stage) => serviceName.Length + 1 + stage.Length;

    /// <summary>
    /// Where to point an error about a command-line value: the provider key that took it (written as
    /// ${opt:...}, it resolved to the same text), else the file as a whole; a literal there is not the culprit.
    /// </summary>
    private SourceSpan OptionAt(ConfigMapping provider, string key, string option) =>
        provider[key] is ConfigScalar scalar && scalar.ToText() == option
            ? scalar.At
            : SourceSpan.WholeFile(_documentStart.File);

    private string Region(ConfigMapping provider, ServiceLoadOptions options)
    {
        var option = options.Region ?? options.Options.GetValueOrDefault("region");
        var region = string.IsNullOrEmpty(option)
            ? _read.Text(provider, "region", ProviderOwner) ?? "us-east-1"
            : option;
        if (!NameRules.IsRegion(region))
        {
            _read.Error(
                ConfigErrorCodes.RegionInvalid,
                string.IsNullOrEmpty(option)
                    ? provider["region"]?.At ?? provider.At
                    : OptionAt(provider, "region", option),
                $"the region '{DisplayText.Escaped(region)}' is not an AWS region name" +
                (string.IsNullOrEmpty(option) ? "." : " (it comes from --region)."),
                string.IsNullOrEmpty(option)
                    ? "use a region such as 'us-east-1' or 'eu-west-1'."
                    : "pass --region a region such as 'us-east-1' or 'eu-west-1'.");
        }

        return region;
    }

    private int? MemorySize(ConfigMapping owner, string ownerName) => _read.WholeNumber(
        owner, "memorySize", ownerName, 128, 10240, ConfigErrorCodes.MemorySizeOutOfRange, "MB");

    private int? Timeout(ConfigMapping owner, string ownerName) => _read.WholeNumber(
        owner, "timeout", ownerName, 1, 900, ConfigErrorCodes.TimeoutOutOfRange, "seconds");

    private string? Architecture(ConfigMapping owner, string ownerName)
    {
        var architecture = _read.Text(owner, "architecture", ownerName);
        if (architecture is null or "x86_64" or "arm64")
        {
            return architecture;
        }

        _read.Error(
            ConfigErrorCodes.ValueTypeInvalid,
            owner["architecture"]!.At,
            $"{ownerName} has architecture '{architecture}', which Lambda does not offer.",
            "use 'x86_64' or 'arm64'.");
        return null;
    }

    private string? PayloadVersion(ConfigMapping? owner, string ownerName)
    {
        if (owner?["payload"] is not ConfigScalar { IsNull: false } payload)
        {
            return null;
        }

        var version = payload.ToText() switch
        {
            "1" or "1.0" => "1.0",
            "2" or "2.0" => "2.0",
            _ => null,
        };
        if (version is null)
        {
            _read.Error(
                ConfigErrorCodes.PayloadVersionInvalid,
                payload.At,
                $"{ownerName} has payload '{payload.ToText()}', which is not an HTTP API payload version.",
                "use payload: '2.0' (the default) or payload: '1.0'.");
        }

        return version;
    }

    /// <summary>
    /// API Gateway refuses an HTTP API whose CORS allows credentials for the origin '*' ("allow-credentials is not
    /// supported if 'allow-origin' is *", BadRequestException, aws/aws-cdk#9076), and the framework passes both
    /// settings through (its allowedOrigins default is '*'), so the deploy would fail.
    /// </summary>
    private void CheckCredentialsOrigins(ConfigMapping cors, HttpApiCors settings)
    {
        if (!settings.AllowCredentials || !settings.AllowedOrigins.Contains("*"))
        {
            return;
        }

        var origins = cors["allowedOrigins"] is null ? "allowedOrigins '*' (its default)" : "allowedOrigins '*'";
        _read.Error(
            ConfigErrorCodes.CorsCredentialsWithAnyOrigin,
            cors["allowCredentials"]!.At,
            $"provider.httpApi.cors has allowCredentials true with {origins}; API Gateway refuses this at deploy " +
            "(\"allow-credentials is not supported if 'allow-origin' is *\").",
            "name the origins that may send credentials, such as allowedOrigins: ['https://app.example.com'], " +
            "or set allowCredentials: false.");
    }

    private HttpApiCors? HttpApiCors(ConfigMapping? httpApi)
    {
        switch (httpApi?["cors"])
        {
            case null or ConfigScalar { IsNull: true }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Boolean } flag:
                return flag.AsBoolean == true ? new HttpApiCors() : null;
            case ConfigMapping cors:
                const string Owner = "provider.httpApi.cors";
                var settings = new HttpApiCors
                {
                    AllowedOrigins = _read.TextList(cors, "allowedOrigins", Owner) ?? ["*"],
                    AllowedHeaders = _read.TextList(cors, "allowedHeaders", Owner) ?? HttpCors.DefaultHeaders,
                    AllowedMethods = _read.TextList(cors, "allowedMethods", Owner),
                    AllowCredentials = _read.Boolean(cors, "allowCredentials", Owner) ?? false,
                    ExposedResponseHeaders = _read.TextList(cors, "exposedResponseHeaders", Owner) ?? [],
                    MaxAge = _read.MaxAge(cors, Owner, minimum: 0, maximum: 86400),
                };
                CheckCredentialsOrigins(cors, settings);
                return settings;
            case { } node:
                _read.Error(
                    ConfigErrorCodes.CorsInvalid,
                    node.At,
                    $"provider.httpApi.cors is '{ModelReader.Shown(node)}', neither true/false nor a mapping " +
                    "of cors settings.",
                    "set cors: true, or give a mapping with allowedOrigins, allowedHeaders, allowedMethods.");
                return null;
        }
    }
}
