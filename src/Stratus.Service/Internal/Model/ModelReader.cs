using System.Globalization;

namespace Stratus.Service.Internal.Model;

/// <summary>Reads typed settings out of resolved nodes and reports located errors for wrong types.</summary>
internal sealed class ModelReader(List<ConfigError> errors)
{
    public List<ConfigError> Errors { get; } = errors;

    public void Error(string code, SourceSpan at, string message, string fix) =>
        Errors.Add(new ConfigError(code, at, message, fix));

    /// <summary>
    /// Text of a scalar setting; null when absent or null; an error when it is a list or mapping.
    /// </summary>
    public string? Text(ConfigMapping? mapping, string key, string owner)
    {
        if (mapping?[key] is not { } node || node is ConfigScalar { IsNull: true })
        {
            return null;
        }

        if (node is ConfigScalar scalar)
        {
            return scalar.ToText();
        }

        Error(
            ConfigErrorCodes.ValueTypeInvalid,
            node.At,
            $"{owner} has a '{key}' that is a {Describe(node)}, not text.",
            $"give '{key}' a single text value.");
        return null;
    }

    /// <summary>
    /// A cors maxAge in seconds. The framework's schema takes 1 and up for a REST API's cors, 0 and up for an HTTP
    /// API's, and API Gateway's Cors type caps an HTTP API's at 86,400.
    /// </summary>
    public int? MaxAge(ConfigMapping cors, string owner, int minimum, int maximum) =>
        WholeNumber(cors, "maxAge", owner, minimum, maximum, ConfigErrorCodes.CorsInvalid, "seconds", "CORS");

    /// <summary>
    /// A whole number within a range; numbers written as text count, as the framework coerces them.
    /// <paramref name="limitsOf"/> names whose limits the range is, for the message.
    /// </summary>
    public int? WholeNumber(
        ConfigMapping? mapping,
        string key,
        string owner,
        int min,
        int max,
        string code,
        string unit,
        string limitsOf = "Lambda")
    {
        if (mapping?[key] is not { } node || node is ConfigScalar { IsNull: true })
        {
            return null;
        }

        if (node is not ConfigScalar scalar || !scalar.TryGetInt64(out var value))
        {
            Error(
                ConfigErrorCodes.NotAWholeNumber,
                node.At,
                $"{owner} has {key} '{Shown(node)}', which is not a whole number.",
                $"use a whole number of {unit} from {Number(min)} to {Number(max)}.");
            return null;
        }

        if (value < min || value > max)
        {
            var side = value < min ? $"below the {limitsOf} minimum" : $"above the {limitsOf} maximum";
            Error(
                code,
                node.At,
                $"{owner} has {key} {value.ToString(CultureInfo.InvariantCulture)}, {side}.",
                $"use a whole number of {unit} from {Number(min)} to {Number(max)}.");
            return null;
        }

        return (int)value;
    }

    public bool? Boolean(ConfigMapping? mapping, string key, string owner)
    {
        if (mapping?[key] is not { } node || node is ConfigScalar { IsNull: true })
        {
            return null;
        }

        if (node is ConfigScalar { Kind: ScalarKind.Boolean } flag)
        {
            return flag.AsBoolean;
        }

        if (node is ConfigScalar { Kind: ScalarKind.Text } text && bool.TryParse(text.Value.Trim(), out var parsed))
        {
            return parsed;
        }

        Error(
            ConfigErrorCodes.ValueTypeInvalid,
            node.At,
            $"{owner} has {key} '{Shown(node)}', which is not true or false.",
            $"set '{key}' to true or false.");
        return null;
    }

    /// <summary>A list of text values; a single text value counts as a list of one.</summary>
    public IReadOnlyList<string>? TextList(ConfigMapping? mapping, string key, string owner)
    {
        switch (mapping?[key])
        {
            case null or ConfigScalar { IsNull: true }:
                return null;
            case ConfigScalar single:
                return [single.ToText()];
            case ConfigSequence list when list.Items.All(item => item is ConfigScalar { IsNull: false }):
                return list.Items.Cast<ConfigScalar>().Select(item => item.ToText()).ToArray();
            case { } node:
                Error(
                    ConfigErrorCodes.ValueTypeInvalid,
                    node.At,
                    $"{owner} has a '{key}' that is not a list of text values.",
                    $"write '{key}' as a list of text values.");
                return null;
        }
    }

    /// <summary>
    /// Environment variables as text; mappings such as <c>{Ref: Table}</c> become compact JSON.
    /// </summary>
    public Dictionary<string, string> Environment(ConfigMapping? owner, string ownerName)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (owner?["environment"])
        {
            case null or ConfigScalar { IsNull: true }:
                return result;
            case ConfigMapping variables:
                foreach (var entry in variables.Entries)
                {
                    AddVariable(result, entry, ownerName);
                }

                return result;
            case { } node:
                Error(
                    ConfigErrorCodes.EnvironmentInvalid,
                    node.At,
                    $"{ownerName} has an environment that is a {Describe(node)}, not a mapping of names to values.",
                    "write environment as 'NAME: value' lines under 'environment:'.");
                return result;
        }
    }

    private void AddVariable(Dictionary<string, string> result, ConfigEntry entry, string ownerName)
    {
        // Reserved first: _HANDLER is both reserved and outside the name pattern, and being reserved says more.
        if (NameRules.IsReservedEnvironmentVariable(entry.Key))
        {
            Error(
                ConfigErrorCodes.EnvironmentInvalid,
                entry.KeyAt,
                $"{ownerName} sets the environment variable '{entry.Key}', which Lambda reserves for itself; a " +
                "deploy that sets it fails.",
                "rename the variable; Lambda already gives every function its own value of this one.");
            return;
        }

        if (!NameRules.IsEnvironmentVariableName(entry.Key))
        {
            Error(
                ConfigErrorCodes.EnvironmentInvalid,
                entry.KeyAt,
                $"{ownerName} has the environment variable name '{entry.Key}', which Lambda does not accept; a " +
                "deploy that sets it fails.",
                $"rename it to {NameRules.EnvironmentVariableNameRule}.");
            return;
        }

        switch (entry.Value)
        {
            case ConfigScalar { IsNull: true }:
                // Limitation: a null value is left out, where CloudFormation would reject the template.
                return;
            case ConfigScalar scalar:
                result[entry.Key] = scalar.ToText();
                return;
            case ConfigMapping { Count: 1 } intrinsic when EnvironmentIntrinsics.Contains(intrinsic.Entries[0].Key):
                // Limitation: CloudFormation intrinsics ({Ref: X}, Fn::GetAtt) are only known after deploy, so
                // locally they are passed as their compact JSON text.
                result[entry.Key] = ServicePrinter.ToJson(entry.Value, indented: false);
                return;
            default:
                Error(
                    ConfigErrorCodes.EnvironmentValueInvalid,
                    entry.Value.At,
                    $"{ownerName} sets the environment variable '{entry.Key}' to a {Describe(entry.Value)}; Lambda " +
                    "takes text only, and the framework's schema allows text, a number, true/false or a " +
                    "CloudFormation function ({Ref: ...}, {Fn::GetAtt: ...}, {Fn::Sub: ...}, ...).",
                    "use text (to pass a list or object as JSON, write its JSON in quotes, or join a list with " +
                    "commas), or one CloudFormation function such as {Ref: MyTable}.");
                return;
        }
    }

    // The single-key objects the framework 3.40 schema accepts as an environment value (awsLambdaEnvironment:
    // awsCfInstruction's awsCfFunction, awsCfIf and awsCfSelect, in lib/plugins/aws/provider.js).
    private static readonly HashSet<string> EnvironmentIntrinsics = new(StringComparer.Ordinal)
    {
        "Ref", "Fn::ImportValue", "Fn::Join", "Fn::GetAtt", "Fn::Sub", "Fn::Base64", "Fn::ToJsonString", "Fn::If",
        "Fn::Select",
    };

    public static string Describe(ConfigNode node) => node switch
    {
        ConfigMapping => "mapping",
        ConfigSequence => "list",
        ConfigScalar { IsNull: true } => "null",
        _ => "value",
    };

    public static string Shown(ConfigNode node) => node switch
    {
        ConfigScalar scalar => scalar.ToText(),
        ConfigMapping => "{...}",
        _ => "[...]",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
