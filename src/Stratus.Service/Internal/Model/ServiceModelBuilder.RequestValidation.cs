using System.Globalization;
using System.Text.Json;
using Stratus.Service.Internal.Json;

namespace Stratus.Service.Internal.Model;

/// <summary>
/// An http event's request validator, as the Serverless Framework v3 compiles it (request-validator.js): one that
/// checks body and parameters, for an event with request.schemas or a required request.parameters entry.
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private const string SchemaFix =
        "write a JSON Schema draft 4 object: 'type' one of array, boolean, integer, null, number, object or " +
        "string; 'properties' a mapping of schemas; 'required' a list of names; 'minimum'/'maximum' numbers with " +
        "'exclusiveMinimum'/'exclusiveMaximum' true or false.";

    // JsonDocument's default of 64 levels is low for a nested model; the validator walks deeper ones safely.
    private static readonly JsonDocumentOptions SchemaParsing = new() { MaxDepth = 256 };

    private static readonly (string Key, string Location)[] ParameterLocations =
        [("querystrings", "querystring"), ("headers", "header"), ("paths", "path")];

    private static readonly Lazy<Draft4Validator> MetaSchema = new(() =>
    {
        using var document = JsonDocument.Parse(Draft4MetaSchema.Text);
        return Draft4Validator.Create(document.RootElement, out _)
            ?? throw new InvalidOperationException("The draft 4 meta-schema does not compile.");
    });

    // Provider models are compiled once, however many events name them; null marks one already reported.
    private readonly Dictionary<string, Draft4Validator?> _providerModels = new(StringComparer.Ordinal);

    private HttpRequestValidation? RequestValidation(
        ConfigMapping? settings,
        string owner,
        ProviderDefinition? provider)
    {
        if (settings?["request"] is not ConfigMapping request)
        {
            return null;
        }

        var required = RequiredParameters(request["parameters"] as ConfigMapping);
        var models = RequestModels(request["schemas"] as ConfigMapping, owner, provider);
        return required.Count == 0 && models.Count == 0 ? null : new HttpRequestValidation(models, required);
    }

    private static List<HttpRequestParameter> RequiredParameters(ConfigMapping? parameters)
    {
        var required = new List<HttpRequestParameter>();
        foreach (var (key, location) in ParameterLocations)
        {
            if (parameters?[key] is ConfigMapping named)
            {
                required.AddRange(named.Entries
                    .Where(entry => IsRequired(entry.Value))
                    .Select(entry => new HttpRequestParameter(location, entry.Key)));
            }
        }

        return required;
    }

    // The framework's test: a mapping is required unless its 'required' says otherwise; any other value by its
    // JavaScript truthiness ('url: true').
    private static bool IsRequired(ConfigNode value) => value is ConfigMapping mapping
        ? mapping["required"] is not { } flag || flag is ConfigScalar { IsNull: true } || IsTruthy(flag)
        : IsTruthy(value);

    private static bool IsTruthy(ConfigNode value) => value switch
    {
        ConfigScalar { Kind: ScalarKind.Boolean } flag => flag.AsBoolean == true,
        ConfigScalar { Kind: ScalarKind.Number } number => number.AsDouble is { } n && n != 0 && !double.IsNaN(n),
        ConfigScalar { Kind: ScalarKind.Text } text => text.Value.Length > 0,
        ConfigScalar => false,
        _ => true,
    };

    private List<HttpRequestModel> RequestModels(ConfigMapping? schemas, string owner, ProviderDefinition? provider)
    {
        var models = new List<HttpRequestModel>();
        foreach (var entry in schemas?.Entries ?? [])
        {
            if (RequestModel(entry.Key, entry.Value, owner, provider) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    private HttpRequestModel? RequestModel(
        string contentType,
        ConfigNode value,
        string owner,
        ProviderDefinition? provider)
    {
        if (value is ConfigScalar { IsNull: false } named && ProviderSchema(provider, named.ToText()) is { } shared)
        {
            return ProviderModel(named.ToText(), shared) is { } compiled
                ? new HttpRequestModel(contentType, compiled)
                : null;
        }

        var what = $"{owner} request schema for '{contentType}'";
        if (!IsJsonMediaType(contentType) && IsTextButNotJson(value))
        {
            _warnings.Add(UncheckedTextModel(value, what, contentType));
            return HttpRequestModel.Unchecked(contentType);
        }

        var schema = CompileSchema(SchemaOf(value), what, mayNameModel: true);
        return schema is null ? null : new HttpRequestModel(contentType, schema);
    }

    // JSON media types (RFC 6839's +json suffix included) and $default, which also takes JSON bodies: for these
    // API Gateway wants a JSON Schema model ("For application/json models, this should be JSON schema draft 4").
    private static bool IsJsonMediaType(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("$default", StringComparison.Ordinal)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsTextButNotJson(ConfigNode value)
    {
        if (value is not ConfigScalar { Kind: ScalarKind.Text } text)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text.ToText(), SchemaParsing);
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    // The framework deploys such a text as the model's schema (request-validator.js: "schema is defined as an
    // implicit string"), and AWS documents what a model must be for JSON only: whether API Gateway takes 'foo' for
    // text/plain, and what it would then check, cannot be known here. A warning keeps the service loading (the
    // framework's own fixture does this) while saying plainly that those bodies go unchecked.
    private static ConfigError UncheckedTextModel(ConfigNode value, string what, string contentType) => new(
        ConfigErrorCodes.RequestSchemaNotChecked,
        value.At,
        $"{what} is '{ModelReader.Shown(value)}', which is not JSON: the framework deploys it as the model's schema " +
        $"as written, and whether API Gateway takes it for '{contentType}' is not documented, so locally bodies " +
        $"of '{contentType}' are not validated.",
        "give a JSON Schema (a mapping, or '${file(schema.json)}'), or the name of a model under " +
        "provider.apiGateway.request.schemas; or remove the entry if these bodies need no validation.");

    // An object with a 'schema' is the {schema, name, description} form; any other object is the schema itself.
    private static ConfigNode SchemaOf(ConfigNode value) =>
        value is ConfigMapping mapping && mapping["schema"] is { } schema && IsTruthy(schema) ? schema : value;

    private static ConfigNode? ProviderSchema(ProviderDefinition? provider, string name) =>
        provider?.Node?["apiGateway"] is ConfigMapping apiGateway
        && apiGateway["request"] is ConfigMapping request
        && request["schemas"] is ConfigMapping schemas
            ? schemas[name]
            : null;

    private Draft4Validator? ProviderModel(string name, ConfigNode model)
    {
        if (!_providerModels.TryGetValue(name, out var compiled))
        {
            compiled = CompileSchema(
                SchemaOf(model), $"provider.apiGateway.request.schemas '{name}'", mayNameModel: false);
            _providerModels[name] = compiled;
        }

        return compiled;
    }

    private Draft4Validator? CompileSchema(ConfigNode definition, string what, bool mayNameModel)
    {
        var json = definition is ConfigScalar { Kind: ScalarKind.Text } text
            ? text.ToText()
            : ServicePrinter.ToJson(definition, indented: false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, SchemaParsing);
        }
        catch (JsonException)
        {
            NotJsonSchema(definition, what, mayNameModel);
            return null;
        }

        using (document)
        {
            return CompileSchema(document.RootElement, definition, what);
        }
    }

    private Draft4Validator? CompileSchema(JsonElement schema, ConfigNode definition, string what)
    {
        if (!MetaSchema.Value.Accepts(schema, out var failedAt))
        {
            NotDraft4(schema, definition, what, failedAt);
            return null;
        }

        var validator = Draft4Validator.Create(schema, out var badPattern);
        if (validator is null)
        {
            _read.Error(
                ConfigErrorCodes.RequestSchemaInvalid,
                definition.At,
                $"{what} has the pattern '{badPattern}', which is not a regular expression.",
                "correct the pattern; remember that YAML and JSON need a backslash written twice, as '\\\\d+'.");
            return null;
        }

        if (validator.UnresolvedReference() is { } reference)
        {
            _read.Error(
                ConfigErrorCodes.RequestSchemaInvalid,
                definition.At,
                $"{what} has '$ref: {reference}', which points at nothing in the schema.",
                "point $ref at a schema the model holds, such as '#/definitions/item', or define it there.");
            return null;
        }

        if (validator.ReferenceLoop() is { } loopAt)
        {
            var closing = NodeAt(definition, loopAt);
            _read.Error(
                ConfigErrorCodes.RequestSchemaInvalid,
                closing.At,
                $"{what} has '$ref: {ModelReader.Shown(closing)}' at '{Draft4Validator.Describe(loopAt)}', which " +
                "leads back to the same schema for the same value; validating a request would never end.",
                "a $ref loop never reaches a schema; let one schema on the loop hold keywords instead of a '$ref', " +
                "or recurse through 'properties' or 'items' so that each turn goes one level into the value.");
            return null;
        }

        return validator;
    }

    private void NotDraft4(JsonElement schema, ConfigNode definition, string what, IReadOnlyList<string> failedAt)
    {
        var node = NodeAt(definition, failedAt);
        var broken = Draft4Rules.Broken(schema, failedAt);
        var at = broken?.Keyword is { } keyword ? NodeAt(definition, [.. failedAt, keyword]) : node;
        var problem = broken?.Problem ?? $"it has '{ModelReader.Shown(node)}'";
        _read.Error(
            ConfigErrorCodes.RequestSchemaInvalid,
            at.At,
            $"{what} is not a JSON Schema draft 4 that API Gateway takes as a model: at " +
            $"'{Draft4Validator.Describe(failedAt)}' {problem}; the deploy would fail.",
            broken?.Fix ?? SchemaFix);
    }

    private void NotJsonSchema(ConfigNode definition, string what, bool mayNameModel)
    {
        var shown = ModelReader.Shown(definition);
        _read.Error(
            ConfigErrorCodes.RequestSchemaInvalid,
            definition.At,
            mayNameModel
                ? $"{what} is '{shown}', which is neither a model under provider.apiGateway.request.schemas nor " +
                  "JSON; API Gateway would refuse the model at deploy."
                : $"{what} is '{shown}', which is not JSON; API Gateway would refuse the model at deploy.",
            mayNameModel
                ? $"define '{shown}' under provider.apiGateway.request.schemas, or give the schema itself: a " +
                  "mapping, or '${file(schema.json)}'."
                : "give the schema as a mapping, or as '${file(schema.json)}'.");
    }

    /// <summary>The deepest node of <paramref name="root"/> along <paramref name="path"/> that was written.</summary>
    private static ConfigNode NodeAt(ConfigNode root, IReadOnlyList<string> path)
    {
        var node = root;
        foreach (var step in path)
        {
            ConfigNode? next = node switch
            {
                ConfigMapping mapping => mapping[step],
                ConfigSequence list when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    && i < list.Items.Count => list.Items[i],
                _ => null,
            };
            if (next is null)
            {
                return node;
            }

            node = next;
        }

        return node;
    }
}
