using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// A REST route's request validator, which answers 400 before the function is invoked ("Request validation for
/// REST APIs in API Gateway"; the BAD_REQUEST_BODY and BAD_REQUEST_PARAMETERS gateway responses).
/// </summary>
public sealed class RequestValidationTests
{
    // A stand-in for a compiled model: the body must be an object with a numeric 'id'.
    private static readonly Func<JsonElement, bool> NeedsId = body =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("id", out var id)
        && id.ValueKind == JsonValueKind.Number;

    [Fact]
    public async Task RestApi_BodyFailsTheModel_Answers400InvalidRequestBodyWithoutInvokingTheFunction()
    {
        await using var test = await StartAsync(Models(("application/json", NeedsId)));

        using var response = await test.Client.PostAsync("/dev/items", Body("""{"name": "x"}""", "application/json"));

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
        Assert.Empty(test.Cloud.GetProcessIds("items"));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2109);
    }

    [Fact]
    public async Task RestApi_BodyMatchesTheModel_ReachesTheFunction()
    {
        await using var test = await StartAsync(Models(("application/json", NeedsId)));

        using var response = await test.Client.PostAsync(
            "/dev/items", Body("""{"id": 7}""", "application/json; charset=utf-8"));

        Assert.Equal(200, (int)response.StatusCode);
        var received = Json.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("""{"id": 7}""", received["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestApi_BodyThatIsNotJson_Answers400InvalidRequestBody()
    {
        await using var test = await StartAsync(Models(("application/json", NeedsId)));

        using var response = await test.Client.PostAsync("/dev/items", Body("{id: 7", "application/json"));

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
    }

    // "If no matching content type is found, request validation is not performed." (AWS, "Request validation for
    // REST APIs in API Gateway").
    [Fact]
    public async Task RestApi_ContentTypeWithoutAModel_IsNotValidatedPerAwsRequestValidationPage()
    {
        await using var test = await StartAsync(Models(("application/json", NeedsId)));

        using var response = await test.Client.PostAsync("/dev/items", Body("not json", "text/plain"));

        Assert.Equal(200, (int)response.StatusCode);
    }

    // "To use the same model regardless of the content type, set the content type for your data model to $default."
    [Fact]
    public async Task RestApi_DefaultModel_ValidatesAContentTypeWithoutItsOwnModelPerAwsRequestValidationPage()
    {
        await using var test = await StartAsync(Models(("$default", NeedsId)));

        using var response = await test.Client.PostAsync("/dev/items", Body("""{"id": "seven"}""", "text/plain"));

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
    }

    // A text model for text/plain (STR1314) cannot be applied: its bodies pass, and $default does not take them.
    [Fact]
    public async Task RestApi_ContentTypeWithAModelThatChecksNothing_PassesWithoutFallingToTheDefaultModel()
    {
        await using var test = await StartAsync(Models(("text/plain", null), ("$default", NeedsId)));

        using var plain = await test.Client.PostAsync("/dev/items", Body("not json", "text/plain"));
        using var other = await test.Client.PostAsync("/dev/items", Body("not json", "application/xml"));

        Assert.Equal(200, (int)plain.StatusCode);
        await AssertBadRequestAsync(other, """{"message": "Invalid request body"}""");
    }

    // No Content-Type counts as application/json, as in LocalStack's API Gateway ("aws assumes application/json").
    [Fact]
    public async Task RestApi_NoContentTypeAndAnEmptyBody_IsValidatedAsAnEmptyJsonObject()
    {
        await using var test = await StartAsync(Models(("application/json", NeedsId)));

        using var response = await test.Client.PostAsync("/dev/items", content: null);

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
    }

    [Fact]
    public async Task RestApi_MissingRequiredParameters_Answers400NamingEachOnceInKeyOrder()
    {
        var required = new LocalRequestValidation(
            new Dictionary<string, Func<JsonElement, bool>?>(),
            [
                new(RequestParameterLocation.QueryString, "url"),
                new(RequestParameterLocation.Header, "X-Key"),
                new(RequestParameterLocation.QueryString, "lang"),
            ]);
        await using var test = await StartAsync(required);

        using var none = await test.Client.PostAsync("/dev/items?lang=", content: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/items?url=a&lang=en");
        request.Headers.Add("x-key", "k");
        using var all = await test.Client.SendAsync(request);

        // A blank value counts as missing: parameters must be "included and not blank".
        await AssertBadRequestAsync(none, """{"message": "Missing required request parameters: [X-Key, lang, url]"}""");
        Assert.Equal(200, (int)all.StatusCode);
    }

    // The validator reads the query string as the REST event's queryStringParameters do: ';' separates as '&'
    // does (REST APIs' known issues: a ';' "results in the data being split") and '+' is a space.
    [Fact]
    public async Task RestApi_RequiredQueryParameterAfterASemicolon_IsPresentAsInTheEvent()
    {
        var required = new LocalRequestValidation(
            new Dictionary<string, Func<JsonElement, bool>?>(),
            [new(RequestParameterLocation.QueryString, "url")]);
        await using var test = await StartAsync(required);

        using var response = await test.Client.PostAsync("/dev/items?lang=en;url=a", content: null);

        Assert.Equal(200, (int)response.StatusCode);
        var query = Json.Parse(await response.Content.ReadAsStringAsync())["queryStringParameters"]!;
        Assert.Equal("a", query["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestApi_MissingParameterAndBadBody_AnswersTheParametersFirst()
    {
        var both = new LocalRequestValidation(
            new Dictionary<string, Func<JsonElement, bool>?> { ["application/json"] = NeedsId },
            [new(RequestParameterLocation.QueryString, "url")]);
        await using var test = await StartAsync(both);

        using var response = await test.Client.PostAsync("/dev/items", Body("{}", "application/json"));

        await AssertBadRequestAsync(response, """{"message": "Missing required request parameters: [url]"}""");
    }

    // Whatever a body does to a model, API Gateway's answer is a 400 with its id headers, never a 500.
    [Fact]
    public async Task RestApi_ModelThatThrows_Answers400InvalidRequestBodyAndLogsTheFault()
    {
        Func<JsonElement, bool> throws = _ => throw new InvalidOperationException("model failed");
        await using var test = await StartAsync(Models(("application/json", throws)));

        using var response = await test.Client.PostAsync("/dev/items", Body("{}", "application/json"));

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2110);
        Assert.Empty(test.Cloud.GetProcessIds("items"));
    }

    // A model too slow for a body is the service's doing: a warning that says why and how to fix it, no stack.
    [Fact]
    public async Task RestApi_ModelTooSlowForTheBody_Answers400AndWarnsWithTheReasonWithoutAStack()
    {
        Func<JsonElement, bool> slow = _ => throw new TimeoutException("the pattern '^(a+)+$' backtracked");
        await using var test = await StartAsync(Models(("application/json", slow)));

        using var response = await test.Client.PostAsync("/dev/items", Body("{}", "application/json"));

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
        var warning = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2111);
        Assert.Equal((LogLevel.Warning, null), (warning.Level, warning.Exception));
        Assert.Contains("the pattern '^(a+)+$' backtracked", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId == 2110);
    }

    // JSON text is UTF-8 (RFC 8259); the parser leaves the bytes inside strings unchecked.
    [Fact]
    public async Task RestApi_BodyWithBytesThatAreNotUtf8_Answers400InvalidRequestBody()
    {
        await using var test = await StartAsync(Models(("application/json", _ => true)));
        byte[] body = [.. "{\"id\": \"ab"u8, 0xff, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await test.Client.PostAsync("/dev/items", content);

        await AssertBadRequestAsync(response, """{"message": "Invalid request body"}""");
    }

    [Fact]
    public async Task RestApi_BodyNested100Levels_ReachesTheModel()
    {
        await using var test = await StartAsync(Models(("application/json", _ => true)));
        var body = new string('[', 100) + new string(']', 100);

        using var response = await test.Client.PostAsync("/dev/items", Body(body, "application/json"));

        Assert.Equal(200, (int)response.StatusCode);
    }

    private static LocalRequestValidation Models(
        params (string ContentType, Func<JsonElement, bool>? Accepts)[] models) =>
        new(
            models.ToDictionary(model => model.ContentType, model => model.Accepts, StringComparer.OrdinalIgnoreCase),
            []);

    private static Task<TestCloud> StartAsync(LocalRequestValidation validation) =>
        TestCloud.StartAsync(Create("items", "http-ok", Rest("POST", "/items") with { Validation = validation }));

    private static StringContent Body(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string body)
    {
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.True(response.Headers.Contains("x-amz-apigw-id"));
    }
}
