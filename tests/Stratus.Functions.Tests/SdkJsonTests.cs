using System.Text.Json;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

public sealed class SdkJsonTests
{
    // The HTTP API payload 2.0 example from the API Gateway developer guide.
    private const string HttpApiEvent = """
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/my/path",
          "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
          "cookies": ["cookie1", "cookie2"],
          "headers": { "header1": "value1", "header2": "value1,value2" },
          "queryStringParameters": { "parameter1": "value1,value2", "parameter2": "value" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "authentication": { "clientCert": { "clientCertPem": "CERT_CONTENT" } },
            "authorizer": {
              "jwt": { "claims": { "claim1": "value1", "claim2": "value2" }, "scopes": ["scope1", "scope2"] }
            },
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "id",
            "http": {
              "method": "POST",
              "path": "/my/path",
              "protocol": "HTTP/1.1",
              "sourceIp": "192.0.2.1",
              "userAgent": "agent"
            },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390
          },
          "body": "Hello from Lambda",
          "pathParameters": { "parameter1": "value1" },
          "isBase64Encoded": false,
          "stageVariables": { "stageVariable1": "value1", "stageVariable2": "value2" }
        }
        """;

    // The REST API proxy (payload 1.0) example from the API Gateway developer guide, shortened.
    private const string RestApiEvent = """
        {
          "version": "1.0",
          "resource": "/my/path",
          "path": "/my/path",
          "httpMethod": "GET",
          "headers": { "header1": "value1", "header2": "value2" },
          "multiValueHeaders": { "header1": ["value1"], "header2": ["value1", "value2"] },
          "queryStringParameters": { "parameter1": "value1", "parameter2": "value" },
          "multiValueQueryStringParameters": { "parameter1": ["value1", "value2"], "parameter2": ["value"] },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "id",
            "authorizer": { "claims": null, "scopes": null },
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "id",
            "extendedRequestId": "request-id",
            "httpMethod": "GET",
            "identity": {
              "accessKey": null,
              "accountId": null,
              "caller": null,
              "cognitoIdentityId": null,
              "sourceIp": "192.0.2.1",
              "user": null,
              "userAgent": "user-agent",
              "userArn": null
            },
            "path": "/my/path",
            "protocol": "HTTP/1.1",
            "requestId": "id=",
            "requestTime": "04/Mar/2020:19:15:17 +0000",
            "requestTimeEpoch": 1583349317135,
            "resourceId": null,
            "resourcePath": "/my/path",
            "stage": "$default"
          },
          "pathParameters": null,
          "stageVariables": null,
          "body": "Hello from Lambda!",
          "isBase64Encoded": false
        }
        """;

    [Fact]
    public void Deserialize_AwsHttpApiExample_ReadsEveryDocumentedField()
    {
        var request = JsonSerializer.Deserialize(HttpApiEvent, SdkJsonContext.Default.HttpApiRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal(["value1", "value2"], request.QueryParameterValues("parameter1"));
        Assert.Equal(["cookie1", "cookie2"], request.Cookies);
        Assert.Equal("value1,value2", request.Header("Header2"));
        Assert.Equal("value1", request.PathParameter("parameter1"));
        Assert.Equal("value2", request.StageVariables!["stageVariable2"]);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal("192.0.2.1", request.RequestContext.Http.SourceIp);
        Assert.Equal("agent", request.RequestContext.Http.UserAgent);
        Assert.Equal("id", request.RequestContext.DomainPrefix);
        Assert.Equal(1583348638390, request.RequestContext.TimeEpoch);
        Assert.Equal("value2", request.RequestContext.Authorizer!.Jwt!.Claims!["claim2"]);
        Assert.Equal(["scope1", "scope2"], request.RequestContext.Authorizer.Jwt.Scopes);
        Assert.Equal("Hello from Lambda", request.Body);
    }

    // `invoke local` runs {} unless given an event; a handler must not meet null where the types promise text.
    [Fact]
    public void Deserialize_EventWithoutItsFields_KeepsTheDefaultsInsteadOfNull()
    {
        var http = JsonSerializer.Deserialize("{}", SdkJsonContext.Default.HttpApiRequest)!;
        var rest = JsonSerializer.Deserialize("""{"requestContext": {}}""", SdkJsonContext.Default.RestApiRequest)!;

        Assert.Equal(("2.0", "", ""), (http.Version, http.RawPath, http.RouteKey));
        Assert.Equal(("", ""), (http.RequestContext.Http.Method, http.RequestContext.Stage));
        Assert.Equal(("", ""), (rest.Path, rest.HttpMethod));
        Assert.Equal(("", ""), (rest.RequestContext.Stage, rest.RequestContext.Identity.SourceIp));
    }

    [Fact]
    public void Deserialize_AwsRestApiExample_ReadsEveryDocumentedField()
    {
        var request = JsonSerializer.Deserialize(RestApiEvent, SdkJsonContext.Default.RestApiRequest)!;

        Assert.Equal("/my/path", request.Resource);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal(["value1", "value2"], request.HeaderValues("HEADER2"));
        Assert.Equal(["value1", "value2"], request.QueryParameterValues("parameter1"));
        Assert.Null(request.PathParameters);
        Assert.Equal("user-agent", request.RequestContext.Identity.UserAgent);
        Assert.Equal(1583349317135, request.RequestContext.RequestTimeEpoch);
        Assert.Equal("04/Mar/2020:19:15:17 +0000", request.RequestContext.RequestTime);
        Assert.Equal(JsonValueKind.Null, request.RequestContext.Authorizer!["claims"].ValueKind);
        Assert.Equal("Hello from Lambda!", request.Body);
    }

    [Fact]
    public void Serialize_ResponseWithNulls_OmitsThem()
    {
        var json = SdkJsonContext.Default;

        var http = JsonSerializer.Serialize(new HttpApiResponse { StatusCode = 204 }, json.HttpApiResponse);
        var rest = JsonSerializer.Serialize(new RestApiResponse { StatusCode = 204 }, json.RestApiResponse);

        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", http);
        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", rest);
    }

    [Fact]
    public void Serialize_RestResponseWithMultiValueHeaders_UsesAwsNames()
    {
        var response = new RestApiResponse
        {
            StatusCode = 200,
            MultiValueHeaders = new Dictionary<string, IReadOnlyList<string>> { ["Set-Cookie"] = ["a=1", "b=2"] },
            Body = "ok",
        };

        var json = JsonSerializer.Serialize(response, SdkJsonContext.Default.RestApiResponse);

        Assert.Equal(
            """{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"ok","isBase64Encoded":false}""",
            json);
    }
}
