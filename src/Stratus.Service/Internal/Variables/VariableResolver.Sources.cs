using System.Globalization;
using Stratus.Service.Internal.Model;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>The built-in variable sources and the hand-off to external ones.</summary>
internal sealed partial class VariableResolver
{
    private static readonly HashSet<string> AwsSources = new(StringComparer.Ordinal) { "s3", "ssm", "cf" };

    private async ValueTask<SourceOutcome> ResolveSourceAsync(
        SourceMeta source,
        string variableText,
        MScalar host,
        string path,
        bool hasFallback,
        CancellationToken cancellationToken)
    {
        var type = source.Type!;
        if (!IsKnownSource(type))
        {
            return UnknownSource(host, variableText, type);
        }

        var parameters = new List<MNode?>();
        foreach (var parameter in source.Params ?? [])
        {
            var value = await ArgumentAsync(parameter, host, path, cancellationToken);
            if (value is null)
            {
                return SourceOutcome.Failed;
            }

            parameters.Add(value is MScalar { Kind: ScalarKind.Null } ? null : value);
        }

        string? address = null;
        if (source.Address is { } addressMeta)
        {
            var value = await ArgumentAsync(addressMeta, host, path, cancellationToken);
            if (value is null)
            {
                return SourceOutcome.Failed;
            }

            if (value is not MScalar addressScalar)
            {
                return Fail(
                    host,
                    ConfigErrorCodes.InvalidSourceAddress,
                    variableText,
                    $"the address of '{variableText}' resolves to a list or mapping, not to text.",
                    "make the nested variable in the address resolve to text.");
            }

            address = addressScalar.Kind == ScalarKind.Null ? null : ScalarText(addressScalar);
        }

        var written = source.Params ?? [];
        var request = new SourceRequest(type, parameters, written, address, variableText, host, path, hasFallback);
        return await DispatchAsync(request, cancellationToken);
    }

    private bool IsKnownSource(string type) =>
        KnownSources.Contains(type, StringComparer.Ordinal) || _settings.Options.ExternalSources.ContainsKey(type);

    private async ValueTask<MNode?> ArgumentAsync(
        ArgumentMeta argument,
        MScalar host,
        string path,
        CancellationToken cancellationToken) =>
        argument.Nested is null
            ? Literal(argument.Value, host.At)
            : await EvaluateArgumentAsync(argument.Nested, host, path, cancellationToken);

    private async ValueTask<SourceOutcome> DispatchAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        if (_settings.Options.ExternalSources.TryGetValue(request.Type, out var external))
        {
            return await ExternalAsync(external, request, cancellationToken);
        }

        return request.Type switch
        {
            "self" => await SelfAsync(request, cancellationToken),
            "opt" => Option(request),
            "env" => EnvironmentVariable(request),
            "sls" => await FrameworkAsync(request, cancellationToken),
            "param" => await ParamAsync(request, cancellationToken),
            "file" => await FileAsync(request, cancellationToken),
            "strToBool" => StringToBoolean(request),
            "aws" => await AwsAsync(request, cancellationToken),
            _ when AwsSources.Contains(request.Type) => NotReadByThisCommand(request),
            _ => UnknownSource(request.Host, request.VariableText, request.Type),
        };
    }

    /// <summary>
    /// A source this command does not read (ssm under dev and invoke local, cf anywhere): its fallback is used,
    /// which is how a service gives local runs their own value (<c>${ssm:/db/host, 'localhost'}</c>); without
    /// one, the error says which command reads it. The framework, offline, would fail even with a fallback, as
    /// it cannot tell that the value is absent; a local run has no AWS value to miss.
    /// </summary>
    private static SourceOutcome NotReadByThisCommand(SourceRequest request)
    {
        var reason = $"'{request.Type}:' reads from AWS, which this command does not call";
        var fix = request.Type switch
        {
            "ssm" => "SSM parameters are read by 'stratus package' (with AWS credentials, without --local); for " +
                "local runs, use a ${s3:} secret (stored with 'stratus secrets set NAME --local')",
            "s3" => "S3 objects are read by 'stratus package', and stored secrets by 'dev' and 'invoke local'",
            _ => "no Stratus command reads CloudFormation outputs; pass the value with --param \"name=value\" " +
                "and ${param:name}",
        };
        return SourceOutcome.NotFound(ConfigErrorCodes.SourceNeedsAws, reason) with { Fix = fix };
    }

    private async ValueTask<SourceOutcome> SelfAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Address))
        {
            return Fail(
                request.Host,
                ConfigErrorCodes.SelfRoot,
                request.VariableText,
                $"'{request.VariableText}' refers to the whole document, which contains this value itself, so it " +
                $"can never be resolved (a cycle at '{request.Path}').",
                "address a part of the document instead, such as ${self:custom} or ${self:service}.");
        }

        var outcome = await ResolvePathAsync(_root, request.Address.Split('.'), string.Empty, true, cancellationToken);
        if (outcome.IsFailed || outcome.IsFound)
        {
            return outcome;
        }

        var reason = outcome.Value is null
            ? $"'{request.Address}' is not set in the configuration"
            : $"'{request.Address}' is null in the configuration";
        return SourceOutcome.NotFound(ConfigErrorCodes.SelfPathNotFound, reason);
    }

    /// <summary>
    /// Walks a path from a node, resolving the values on the way first (so a path can go through a value produced by
    /// a variable). With <paramref name="resolveResult"/>, a mapping or list found is resolved completely.
    /// </summary>
    private async ValueTask<SourceOutcome> ResolvePathAsync(
        MNode start,
        IReadOnlyList<string> keys,
        string pathPrefix,
        bool resolveResult,
        CancellationToken cancellationToken)
    {
        var current = start;
        var path = pathPrefix;
        foreach (var key in keys)
        {
            var index = current switch
            {
                MMapping mapping => mapping.IndexOf(key),
                MSequence sequence when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    && i < sequence.Items.Count => i,
                _ => -1,
            };
            if (index < 0)
            {
                return SourceOutcome.NotFound(ConfigErrorCodes.SelfPathNotFound, "not found");
            }

            path = Join(path, key);
            if (!await ResolveSlotAsync(current, index, path, cancellationToken))
            {
                return SourceOutcome.Failed;
            }

            current = Child(current, index);
        }

        if (resolveResult && current is not MScalar && !await WalkAsync(current, path, cancellationToken))
        {
            return SourceOutcome.Failed;
        }

        return SourceOutcome.Found(current);
    }

    private SourceOutcome Option(SourceRequest request)
    {
        var options = _settings.Options;
        if (string.IsNullOrEmpty(request.Address))
        {
            var all = new MMapping(request.Host.At);
            foreach (var (name, value) in options.Options.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                all.Add(new MEntry(name, request.Host.At, Text(value, request.Host.At)));
            }

            return SourceOutcome.Found(all);
        }

        var found = options.Options.TryGetValue(request.Address, out var text)
            || (request.Address == "stage" && (text = options.Stage) is not null)
            || (request.Address == "region" && (text = options.Region) is not null);
        return found
            ? SourceOutcome.Found(Text(text!, request.Host.At))
            : SourceOutcome.NotFound(ConfigErrorCodes.OptionNotSet, $"the option '--{request.Address}' was not given");
    }

    private SourceOutcome EnvironmentVariable(SourceRequest request)
    {
        if (string.IsNullOrEmpty(request.Address))
        {
            return Fail(
                request.Host,
                ConfigErrorCodes.InvalidSourceAddress,
                request.VariableText,
                $"'{request.VariableText}' names no environment variable.",
                "name the variable after the colon, such as ${env:TABLE_NAME}.");
        }

        var dotenv = _settings.Options.Dotenv is { Enabled: true } loaded
            ? $", and {loaded.Describe()}, which useDotenv: true loads, does not define it"
            : "";
        return _settings.Options.Environment.TryGetValue(request.Address, out var value)
            ? SourceOutcome.Found(Text(value, request.Host.At))
            : SourceOutcome.NotFound(
                ConfigErrorCodes.EnvVariableNotSet,
                $"the environment variable '{request.Address}' is not set{dotenv}");
    }

    private async ValueTask<SourceOutcome> FrameworkAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        switch (request.Address)
        {
            case "stage":
                var stage = await StageAsync(cancellationToken);
                return stage is null ? SourceOutcome.Failed : SourceOutcome.Found(Text(stage, request.Host.At));
            case "instanceId":
                return SourceOutcome.Found(Text(_settings.InstanceId, request.Host.At));
            default:
                return Fail(
                    request.Host,
                    ConfigErrorCodes.InvalidSourceAddress,
                    request.VariableText,
                    $"'{request.VariableText}' asks the 'sls' source for '{request.Address}', which it does not have.",
                    "use ${sls:stage} or ${sls:instanceId}.");
        }
    }

    /// <summary>
    /// The stage: the --stage option, else provider.stage (resolved), else 'dev'; null when that failed.
    /// </summary>
    private async ValueTask<string?> StageAsync(CancellationToken cancellationToken)
    {
        var option = _settings.Options.Stage ?? _settings.Options.Options.GetValueOrDefault("stage");
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        var outcome = await ResolvePathAsync(_root, ["provider", "stage"], string.Empty, true, cancellationToken);
        if (outcome.IsFailed)
        {
            return null;
        }

        if (outcome.Value is not MScalar { Kind: not ScalarKind.Null } stage)
        {
            return "dev";
        }

        // Checked here, not only in the service model: a name built from a bad stage (the secrets bucket in
        // ${s3:${sls:stage}-secrets/...}) would otherwise fail first and hide the cause. Reported once.
        var text = ScalarText(stage);
        if (NameRules.IsStage(text))
        {
            return text;
        }

        if (!_stageReported)
        {
            _stageReported = true;
            Errors.Add(StageErrors.Invalid(stage.At, text, fromOption: false));
        }

        return null;
    }

    private async ValueTask<SourceOutcome> ParamAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Address))
        {
            return Fail(
                request.Host,
                ConfigErrorCodes.InvalidSourceAddress,
                request.VariableText,
                $"'{request.VariableText}' names no parameter.",
                "name the parameter after the colon, such as ${param:tableName}.");
        }

        // The command line wins over params.<stage>, which wins over params.default. (Framework v3.40's param.js
        // lets params.<stage> override --param; giving the command line the last word is Stratus's choice.)
        if (_settings.Options.Params.TryGetValue(request.Address, out var cliValue))
        {
            return SourceOutcome.Found(Text(cliValue, request.Host.At));
        }

        var stage = await StageAsync(cancellationToken);
        if (stage is null)
        {
            return SourceOutcome.Failed;
        }

        foreach (var block in new[] { stage, "default" })
        {
            string[] path = ["params", block, request.Address];
            var outcome = await ResolvePathAsync(_root, path, string.Empty, true, cancellationToken);
            if (outcome.IsFailed || outcome.IsFound)
            {
                return outcome;
            }
        }

        return SourceOutcome.NotFound(
            ConfigErrorCodes.ParamNotSet,
            $"no --param '{request.Address}=...' was given, and neither params.{stage} nor params.default defines it");
    }

    private SourceOutcome StringToBoolean(SourceRequest request)
    {
        if (request.WrittenParameters is [{ Nested: null, Value: var literal }] && IsFalsyLiteral(literal))
        {
            return Fail(
                request.Host,
                ConfigErrorCodes.StrToBoolLiteralMissing,
                request.VariableText,
                $"'{request.VariableText}' is given the unquoted literal {literal.Text}, which the framework reads " +
                "as no input at all ('Missing \"strToBool\" input').",
                "write false itself, or quote the text: ${strToBool('0')} or ${strToBool('false')}.");
        }

        var input = request.Parameters.Count > 0 && request.Parameters[0] is MScalar scalar ? ScalarText(scalar) : null;
        switch (input?.Trim().ToLowerInvariant())
        {
            case "true" or "1":
                return SourceOutcome.Found(new MScalar(request.Host.At, ScalarKind.Boolean, "true"));
            case "false" or "0":
                return SourceOutcome.Found(new MScalar(request.Host.At, ScalarKind.Boolean, "false"));
            default:
                return Fail(
                    request.Host,
                    ConfigErrorCodes.StrToBoolInvalid,
                    request.VariableText,
                    $"'{request.VariableText}' is given '{input ?? "nothing"}', which is not 'true', 'false', " +
                    "'1' or '0'.",
                    "pass one of true, false, 1 or 0, for example ${strToBool(${env:FEATURE_ON, 'false'})}.");
        }
    }

    /// <summary>
    /// Framework 3.40 reads an unquoted literal argument as a JavaScript value and refuses a falsy one (0, 0.0,
    /// 0x0, false, null) as missing, while the quoted text '0' or 'false', or the same value from a variable,
    /// gives false.
    /// </summary>
    private static bool IsFalsyLiteral(LiteralValue literal) => literal.Kind switch
    {
        ScalarKind.Null => true,
        ScalarKind.Boolean => literal.Text == "false",
        ScalarKind.Number => double.TryParse(
            literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 0,
        _ => false,
    };

    private async ValueTask<SourceOutcome> AwsAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        switch (request.Address)
        {
            case "region":
                var region = await RegionAsync(cancellationToken);
                return region is null ? SourceOutcome.Failed : SourceOutcome.Found(Text(region, request.Host.At));
            case "accountId":
                return SourceOutcome.NotFound(
                    ConfigErrorCodes.AccountIdOffline,
                    "the AWS account id is not known when the configuration is read offline");
            default:
                return Fail(
                    request.Host,
                    ConfigErrorCodes.InvalidSourceAddress,
                    request.VariableText,
                    $"'{request.VariableText}' asks the 'aws' source for '{request.Address}', which it does not have.",
                    "use ${aws:region} or ${aws:accountId}.");
        }
    }

    /// <summary>The region: the --region option, else provider.region (resolved), else 'us-east-1'.</summary>
    private async ValueTask<string?> RegionAsync(CancellationToken cancellationToken)
    {
        var option = _settings.Options.Region ?? _settings.Options.Options.GetValueOrDefault("region");
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        var outcome = await ResolvePathAsync(_root, ["provider", "region"], string.Empty, true, cancellationToken);
        if (outcome.IsFailed)
        {
            return null;
        }

        return outcome.Value is MScalar { Kind: not ScalarKind.Null } region ? ScalarText(region) : "us-east-1";
    }

    private async ValueTask<SourceOutcome> ExternalAsync(
        IVariableSource source,
        SourceRequest request,
        CancellationToken cancellationToken)
    {
        var stage = await StageAsync(cancellationToken);
        var region = await RegionAsync(cancellationToken);
        if (stage is null || region is null)
        {
            return SourceOutcome.Failed;
        }

        var parameters = request.Parameters
            .Select(node => node is MScalar scalar ? ScalarText(scalar) : null)
            .ToArray();
        var at = Locate(request.Host, request.VariableText);
        VariableSourceResult result;
        try
        {
            result = await source.ResolveAsync(
                new VariableSourceRequest(request.Type, parameters, request.Address, stage, region, at)
                {
                    HasFallback = request.HasFallback,
                },
                cancellationToken);
        }
        catch (VariableSourceException error)
        {
            return ExternalFailure(request, error.Message, error.Fix);
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            // Any failure of an external source is reported at the variable that needed it.
            return ExternalFailure(
                request,
                error.Message,
                "check the credentials, the region and that the resource exists.");
        }

        if (result.Value is null)
        {
            var reason = result.NotFoundReason ?? "nothing was found";
            return SourceOutcome.NotFound(ConfigErrorCodes.ExternalValueNotFound, reason) with
            {
                Fix = result.NotFoundFix,
            };
        }

        var value = TreeConversion.Thaw(result.Value);
        if (value is MScalar scalar)
        {
            scalar.IsEncrypted = result.IsEncrypted;
            _sawEncrypted |= result.IsEncrypted;
        }

        if (result.IsSecret)
        {
            _secretPaths.Add(request.Path);
            Secrets.Add(value);
        }

        if (result.IsPlaceholder)
        {
            _placeholders.Add((request.Host.At.File, request.Host.At.Line, request.Host.At.Column));
        }

        SetNestDepth(value, request.Host.NestDepth + 1);
        return SourceOutcome.Found(value);
    }

    private SourceOutcome ExternalFailure(SourceRequest request, string message, string fix) => Fail(
        request.Host,
        ConfigErrorCodes.ExternalSourceFailed,
        request.VariableText,
        $"resolving '{request.VariableText}' through the '{request.Type}' source failed: {message.TrimEnd('.')}.",
        fix);

    private static MScalar Text(string value, SourceSpan at) => new(at, ScalarKind.Text, value);

    /// <summary>
    /// Marks values produced by a source, so endless self-expansion stops at the nesting limit.
    /// </summary>
    private static void SetNestDepth(MNode node, int depth)
    {
        foreach (var scalar in node.Scalars())
        {
            scalar.NestDepth = depth;
        }
    }

    /// <summary>One source call: the source type with its evaluated parameters and address.</summary>
    private sealed record SourceRequest(
        string Type,
        IReadOnlyList<MNode?> Parameters,
        IReadOnlyList<ArgumentMeta> WrittenParameters,
        string? Address,
        string VariableText,
        MScalar Host,
        string Path,
        bool HasFallback);
}
