using System.Text.Json;

namespace Stratus.Service.Tests;

/// <summary>
/// An http event's request validator as the Serverless Framework v3 compiles it (request-validator.js): its body
/// models (JSON Schema draft 4) and required parameters, and the models API Gateway would refuse at deploy.
/// </summary>
public sealed class RequestValidationModelTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Load_RequestParametersCorpusCase_GivesAValidatorOnlyWhereAParameterIsRequiredOrASchemaIsSet()
    {
        using var corpusCase = CorpusCase.CopyToTemp(CorpusFolder("request-parameters"));

        var service = ServiceLoader.Load(corpusCase.ConfigPath, TempService.DevOptions());

        var validated = service.Functions.Single().Events.OfType<HttpEvent>()
            .Where(http => http.Validation is not null)
            .Select(http => http.Path);
        Assert.Equal(
            ["/querystrings-required", "/headers-required", "/paths-required", "/no-params-with-schema",
                "/params-with-schema"],
            validated);
        var both = service.Functions.Single().Events.OfType<HttpEvent>()
            .Single(http => http.Path == "/params-with-schema");
        Assert.Equal([new HttpRequestParameter("querystring", "url")], both.Validation!.RequiredParameters);
        Assert.Equal("application/json", Assert.Single(both.Validation.Models).ContentType);
    }

    // The fixture's 'text/plain: foo' names no provider model, so the framework deploys the text 'foo' as the
    // model's schema; AWS documents models as JSON Schema for JSON only, so it is a warning, not an error, and the
    // fixture (the framework's own) loads with its other models, provider ones included.
    [Fact]
    public void Load_RequestSchemaCorpusCase_WarnsOnlyAtTheTextModelForTextPlainAndKeepsTheOthers()
    {
        using var corpusCase = CorpusCase.CopyToTemp(CorpusFolder("request-schema"));

        var service = ServiceLoader.Load(corpusCase.ConfigPath, TempService.DevOptions());

        var warning = Assert.Single(service.Warnings, found => found.Code == ConfigErrorCodes.RequestSchemaNotChecked);
        Assert.Equal((57, 27), (warning.At.Line, warning.At.Column));
        Assert.Contains("'text/plain' is 'foo'", warning.Message, StringComparison.Ordinal);
        var multiple = service.Functions.SelectMany(function => function.Events).OfType<HttpEvent>()
            .Single(http => http.Path == "/test-multiple");
        Assert.Equal(
            [("application/json", true), ("text/plain", false)],
            multiple.Validation!.Models.Select(model => (model.ContentType, model.IsChecked)));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("$default")]
    public void Load_TextModelThatIsNotJsonForAJsonContentType_IsStr1233AtTheText(string contentType)
    {
        var errors = Assert.Throws<ConfigException>(() => _service.Load(Service(request: $"""
                          schemas:
                            {contentType}: foo
                """))).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Contains($"'{contentType}' is 'foo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextModelThatIsJsonForTextPlain_IsCheckedAsAnyModel()
    {
        var service = _service.Load(Service(request: """
                          schemas:
                            text/plain: '{"type": "object", "required": ["id"]}'
                """));

        var model = Assert.Single(OnlyEvent(service).Validation!.Models);
        Assert.True(model.IsChecked);
        Assert.False(model.Accepts(Json("""{"name": "x"}"""), Budget));
        Assert.Empty(service.Warnings);
    }

    [Fact]
    public void Load_ProviderModelByName_ValidatesBodiesWithThatModel()
    {
        var service = _service.Load(Service(
            provider: """
                  apiGateway:
                    request:
                      schemas:
                        item:
                          name: Item
                          schema: {type: object, required: [id]}
                """,
            request: """
                          schemas:
                            application/json: item
                """));

        var model = Assert.Single(OnlyEvent(service).Validation!.Models);
        Assert.True(model.Accepts(Json("""{"id": 1}"""), Budget));
        Assert.False(model.Accepts(Json("""{"name": "x"}"""), Budget));
    }

    [Fact]
    public void Load_SchemaFromAFileInclude_ValidatesBodiesWithIt()
    {
        _service.Write("item.json", """{"type": "object", "properties": {"n": {"type": "integer"}}}""");

        var service = _service.Load(Service(request: """
                          schemas:
                            application/json: ${file(item.json)}
                """));

        var model = Assert.Single(OnlyEvent(service).Validation!.Models);
        Assert.True(model.Accepts(Json("""{"n": 2}"""), Budget));
        Assert.False(model.Accepts(Json("""{"n": 2.5}"""), Budget));
    }

    [Fact]
    public void Load_SchemaWithAKeywordOfTheWrongType_ReportsStr1233AtThatKeywordWithAFix()
    {
        var errors = _service.LoadFails(Service(request: """
                          schemas:
                            application/json:
                              type: object
                              properties:
                                age: {type: numbr}
                """)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Equal((17, 31), (error.At.Line, error.At.Column));
        Assert.Contains("at '/properties/age/type' it has 'numbr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'type' one of array, boolean", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidSchemaInAnIncludedFile_ReportsStr1233InThatFileAtTheKeyword()
    {
        _service.Write("item.json", "{\n  \"type\": \"object\",\n  \"required\": \"id\"\n}");

        var errors = _service.LoadFails(Service(request: """
                          schemas:
                            application/json: ${file(item.json)}
                """)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Equal(("item.json", 3, 15), (Path.GetFileName(error.At.File), error.At.Line, error.At.Column));
        Assert.Contains("at '/required' it has 'id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pattern: '(['", "pattern '(['")]
    [InlineData("$ref: '#/definitions/missing'", "'$ref: #/definitions/missing'")]
    public void Load_SchemaWithABadPatternOrDanglingRef_ReportsStr1233(string keyword, string named)
    {
        var errors = _service.LoadFails(Service(request: $$"""
                          schemas:
                            application/json:
                              {{keyword}}
                """)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    // A loop of references that never goes into the value would recurse without end on the first request.
    [Theory]
    [InlineData("""
        definitions: {a: {$ref: '#/definitions/b'}, b: {$ref: '#/definitions/a'}}
        properties: {x: {$ref: '#/definitions/a'}}
        """, "/definitions/b/$ref", 15)]
    [InlineData("$ref: '#'", "/$ref", 15)]
    [InlineData("allOf: [{$ref: '#'}]", "/allOf/0/$ref", 15)]
    public void Load_RefLoopOverTheSameValue_ReportsStr1233AtTheRefThatClosesIt(string schema, string at, int line)
    {
        var errors = _service.LoadFails(Service(request: Schema(schema))).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Equal(line, error.At.Line);
        Assert.Contains($"at '{at}'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("a $ref loop never reaches a schema; ", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RecursiveSchemaThatGoesIntoTheValue_ValidatesNestedBodies()
    {
        var service = _service.Load(Service(request: Schema("""
            type: object
            properties: {child: {$ref: '#'}, n: {type: integer}}
            """)));

        var model = Assert.Single(OnlyEvent(service).Validation!.Models);
        Assert.True(model.Accepts(Json("""{"child": {"child": {"n": 1}}}"""), Budget));
        Assert.False(model.Accepts(Json("""{"child": {"child": {"n": 1.5}}}"""), Budget));
    }

    [Fact]
    public void Load_SchemaNestedDeeperThan64Levels_IsRead()
    {
        _service.Write("deep.json", string.Concat(Enumerable.Repeat("""{"items": """, 100)) + "{}"
            + new string('}', 100));

        var service = _service.Load(Service(request: """
                          schemas:
                            application/json: ${file(deep.json)}
                """));

        Assert.Single(OnlyEvent(service).Validation!.Models);
    }

    // The meta-schema alone says only where ('/', '/required'); the message names the draft 4 rule broken.
    [Theory]
    [InlineData("{minimum: 1, exclusiveMaximum: true}", "'exclusiveMaximum' is set without 'maximum'",
        "add 'maximum' beside 'exclusiveMaximum'")]
    [InlineData("{exclusiveMinimum: true}", "'exclusiveMinimum' is set without 'minimum'",
        "add 'minimum' beside 'exclusiveMinimum'")]
    [InlineData("{required: []}", "at '/required' 'required' lists no name, and draft 4 needs at least one name",
        "list each name once, or remove 'required'")]
    [InlineData("{required: [a, a]}", "'required' lists a name more than once", "list each name once")]
    [InlineData("{properties: {a: {enum: []}}}", "at '/properties/a/enum' 'enum' lists no value",
        "list each value once, or remove 'enum'")]
    public void Load_SchemaBreakingADraft4Rule_ReportsStr1233NamingTheRule(string schema, string named, string fix)
    {
        var errors = _service.LoadFails(Service(request: Schema(schema))).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RequestSchemaInvalid, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExclusiveMinimumWithoutMinimum_PointsAtTheExclusiveMinimum()
    {
        var errors = _service.LoadFails(Service(request: Schema("""
            type: number
            exclusiveMinimum: true
            """))).Errors;

        Assert.Equal((16, 35), (Assert.Single(errors).At.Line, errors[0].At.Column));
    }

    [Fact]
    public void Load_OnlyNotRequiredParameters_GivesNoValidator()
    {
        var service = _service.Load(Service(request: """
                          parameters:
                            querystrings: {a: false}
                            headers: {b: {required: false}}
                """));

        Assert.Null(OnlyEvent(service).Validation);
    }

    [Fact]
    public void Load_RequiredParametersWithoutSchemas_GivesAValidatorForTheParametersAsTheFrameworkDoes()
    {
        var service = _service.Load(Service(request: """
                          parameters:
                            querystrings: {a: true, b: false}
                            headers: {X-Key: {required: true}}
                            paths: {id: {mappedValue: x}}
                """));

        var validation = OnlyEvent(service).Validation!;
        Assert.Empty(validation.Models);
        Assert.Equal(
            [new("querystring", "a"), new("header", "X-Key"), new HttpRequestParameter("path", "id")],
            validation.RequiredParameters);
    }

    private static HttpEvent OnlyEvent(ServiceDefinition service) =>
        service.Functions.Single().Events.OfType<HttpEvent>().Single();

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string CorpusFolder(string suffix) =>
        CorpusCase.CaseFolders(CorpusCase.FindCorpus())
            .Single(folder => folder.EndsWith("programmatic__" + suffix, StringComparison.Ordinal));

    // A schema for application/json, written at the indentation of a mapping's keys.
    private static string Schema(string schema) =>
        "          schemas:\n            application/json:\n"
        + string.Join('\n', schema.Split('\n').Select(line => "              " + line));

    // request is written at the indentation of 'request:'; its lines are moved under it.
    private static string Service(string request, string provider = "") => $$"""
        service: shop
        provider:
          name: aws
        {{provider}}
        functions:
          items:
            handler: Shop::Shop.Items::Handle
            events:
              - http:
                  path: items
                  method: post
                  request:
        {{string.Join('\n', request.Split('\n').Select(line => "  " + line))}}
        """;
}
