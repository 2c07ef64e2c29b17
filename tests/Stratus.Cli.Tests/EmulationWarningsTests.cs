using System.Globalization;
using Stratus.Cli.Output;
using Stratus.Cli.Tests.Support;
using Stratus.Local;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// `dev` warns, at the line of serverless.yml, about what it accepts but does not emulate and about what the
/// Serverless Framework's event schema does not know, so nothing that AWS enforces is silently dropped.
/// </summary>
public sealed class EmulationWarningsTests : IDisposable
{
    private readonly TempServiceFile _service = new("stratus-warnings-");

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Find_RoutesAwsProtectsOrIntegratesDifferently_WarnsThatTheyAreNotEmulatedAtTheirLines()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              httpApi: {authorizers: {myJwt: {type: jwt, identitySource: $request.header.Authorization}}}
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http: {path: /lam, method: post, integration: lambda}
                  - http: {path: /priv, method: get, private: true}
                  - http: {path: /iam, method: get, authorizer: aws_iam}
                  - httpApi: {path: /jwt, method: get, authorizer: {name: myJwt}}
                  - http: {path: /fire, method: post, async: true}
                  - http: {path: /plain, method: get, integration: LAMBDA_PROXY}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.NotEmulatedLocally, warning.Code));
        Assert.Equal([9, 10, 11, 12, 13], warnings.Select(warning => warning.At.Line));
        Assert.Contains("integration 'lambda'", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("API keys are not checked", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("authorizer 'aws_iam'", warnings[2].Message, StringComparison.Ordinal);
        Assert.Contains("authorizer 'myJwt'", warnings[3].Message, StringComparison.Ordinal);
        Assert.Contains("'async'", warnings[4].Message, StringComparison.Ordinal);
    }

    // http-api-cors.html documents '*', 'https://*' and 'http://*' as the patterns allowOrigins takes.
    [Fact]
    public void Find_CorsOriginWildcardOrMethodThatNeverMatches_WarnsStr1311AtTheValue()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              httpApi:
                cors:
                  allowedOrigins: ['https://*.example.com', 'https://*', 'https://app.example.com']
                  allowedMethods: [GET, FETCH, '*']
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - httpApi: GET /a
                  - http: {path: b, method: get, cors: {origin: '*', methods: [GET, get, PUSH]}}
            """);

        var warnings = EmulationWarnings.Find(service)
            .Where(warning => warning.Code == ConfigErrorCodes.CorsValueNeverMatches)
            .ToList();

        Assert.Equal([(6, 24), (7, 29), (13, 78)], warnings.Select(warning => (warning.At.Line, warning.At.Column)));
        Assert.Contains("'https://*.example.com', a wildcard", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("'FETCH', which is no HTTP method", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("'PUSH'", warnings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MisspeltEventKindAndSetting_WarnsWithTheLikelyWordAtTheKey()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - htpp: GET /x
                  - httpApi: {method: GET, path: /ok, mehtod: POST}
                  - http: {method: GET, path: /old, cros: true}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Equal(3, warnings.Count);
        Assert.Equal(ConfigErrorCodes.EventKindUnknown, warnings[0].Code);
        Assert.Equal("did you mean 'http'?", warnings[0].Fix);
        Assert.Equal(ConfigErrorCodes.EventSettingUnknown, warnings[1].Code);
        Assert.Equal((9, 43), (warnings[1].At.Line, warnings[1].At.Column));
        Assert.Equal("did you mean 'method'?", warnings[1].Fix);
        Assert.Equal("did you mean 'cors'?", warnings[2].Fix);
    }

    [Fact]
    public void Find_CorsOriginWithAPath_WarnsStr1311WithTheOriginWithoutIt()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              httpApi:
                cors:
                  allowedOrigins: ['https://a.example/', 'https://b.example']
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - httpApi: GET /a
                  - http: {path: b, method: get, cors: {origin: 'https://c.example/app, https://d.example'}}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.CorsValueNeverMatches, warning.Code));
        Assert.Equal([6, 12], warnings.Select(warning => warning.At.Line));
        Assert.Equal("write it without the path: 'https://a.example'.", warnings[0].Fix);
        Assert.Contains("'https://c.example/app', with a path", warnings[1].Message, StringComparison.Ordinal);
    }

    // Serverless Framework 3.40 (api-gateway/lib/cors.js): a singular origin without a comma is the OPTIONS mock's
    // static Access-Control-Allow-Origin; only origins (or a comma-separated origin) get the matching template.
    [Fact]
    public void Find_RestSingularOriginWithAWildcard_WarnsStr1311ToListItUnderOrigins()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http: {path: a, method: get, cors: {origin: 'https://*.example.com'}}
                  - http: {path: b, method: get, cors: {origin: '*'}}
                  - http: {path: c, method: get, cors: {origin: 'https://*.example.com, http://localhost:3000'}}
                  - http: {path: d, method: get, cors: {origins: ['https://*.example.com']}}
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal(ConfigErrorCodes.CorsValueNeverMatches, warning.Code);
        Assert.Equal(8, warning.At.Line);
        Assert.Contains("sends as written", warning.Message, StringComparison.Ordinal);
        Assert.Equal(
            "list it under origins: ['https://*.example.com'], whose entries are matched against the request's " +
            "Origin and sent back.",
            warning.Fix);
    }

    [Fact]
    public void Find_CorsOnAnHttpApiEvent_PointsToProviderHttpApiCors()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - httpApi: {method: GET, path: /ok, cors: true}
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal((8, 43), (warning.At.Line, warning.At.Column));
        Assert.Contains("an HTTP API has one CORS configuration", warning.Message, StringComparison.Ordinal);
        Assert.StartsWith("set it once under provider.httpApi.cors", warning.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_RestPathWithCorsAndItsOwnOptionsEvent_WarnsStr1312AtTheOptionsEvent()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http: {path: r, method: any, cors: true}
              preflight:
                handler: Api::Api.Other
                events:
                  - http: {path: r, method: options}
                  - http: {path: other, method: options}
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal((ConfigErrorCodes.CorsBesideOwnOptions, 12), (warning.Code, warning.At.Line));
        Assert.Contains("'OPTIONS /r' shares its path", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FrameworksRequestParametersFixture_WarnsStr1313ForBarOnPathsRequiredOnly()
    {
        var config = Path.Combine(
            RepositoryPaths.Corpus,
            "serverless__serverless__test__fixtures__programmatic__request-parameters",
            "serverless.yml");
        var service = TryLoad(config) ?? throw new InvalidOperationException($"{config} did not load.");

        var warning = Assert.Single(
            EmulationWarnings.Find(service),
            warning => warning.Code == ConfigErrorCodes.RequiredPathParameterNotInPath);

        Assert.Contains(
            "'GET /paths-required' requires the path parameter 'bar'", warning.Message, StringComparison.Ordinal);
    }

    // The framework's own request-parameters fixture has this shape (paths-required: bar on /paths-required).
    [Fact]
    public void Find_RequiredPathParameterThePathLacks_WarnsStr1313AtTheParameter()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http:
                      path: items/{id}
                      method: get
                      request:
                        parameters:
                          paths:
                            id: true
                            bar: true
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal((ConfigErrorCodes.RequiredPathParameterNotInPath, 15), (warning.Code, warning.At.Line));
        Assert.Contains("requires the path parameter 'bar'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EventKindsThatDoNotFireAndAsyncDestinations_SayOncePerKindWhatIsNotEmulated()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              worker:
                handler: Api::Api.Worker
                destinations:
                  onFailure: arn:aws:sqs:us-east-1:123456789012:dead
                events:
                  - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
                  - sqs: arn:aws:sqs:us-east-1:123456789012:retries
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("sets 'destinations'", warnings[0].Message, StringComparison.Ordinal);
        var warning = warnings[1];
        Assert.Equal(ConfigErrorCodes.NotEmulatedLocally, warning.Code);
        Assert.Contains("'sqs' events", warning.Message, StringComparison.Ordinal);
        Assert.Contains("stratus invoke local -f worker --path event.json", warning.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ProxyRoutesAndSchedules_GiveNoWarning()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http: {path: /a, method: get, cors: true}
                  - httpApi: GET /b
                  - schedule: rate(5 minutes)
            """);

        Assert.Empty(EmulationWarnings.Find(service));
    }

    [Fact]
    public void Find_HttpApiAuthorizerNobodyDefines_WarnsThatTheFrameworkRefusesToDeployIt()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - httpApi: {method: GET, path: /jwt, authorizer: {name: myJwt}}
                  - httpApi: {method: GET, path: /iam, authorizer: {type: aws_iam}}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Equal(ConfigErrorCodes.AuthorizerUndefined, warnings[0].Code);
        Assert.Contains("'myJwt'", warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal(ConfigErrorCodes.NotEmulatedLocally, Assert.Single(warnings.Skip(1)).Code);
    }

    [Fact]
    public void Find_CatchAllHttpApiRoute_IsNamedDollarDefaultAsApiGatewayNamesIt()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - httpApi: {method: '*', path: '*', authorizer: {name: myJwt}}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Contains(
            "httpApi route '$default' names authorizer 'myJwt'", warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_HttpApiRouteUnderTheRestStage_WarnsThatBothApisShareTheLocalPort()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              rest:
                handler: Api::Api.Rest
                events:
                  - http: GET items
              v2:
                handler: Api::Api.V2
                events:
                  - httpApi: GET /dev/items
                  - httpApi: GET /other
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal(ConfigErrorCodes.NotEmulatedLocally, warning.Code);
        Assert.Equal(12, warning.At.Line);
        Assert.Contains("'/dev', which the REST API answers first", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_TyposInFunctionProviderAndScheduleKeys_WarnWithTheKeyMeantButPluginKeysPass()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              timout: 5
            functions:
              f:
                handler: Api::Api.Handler
                timout: 5
                memmorySize: 256
                warmup: {enabled: true}
                events:
                  - schedule: {rate: rate(1 hour), enable: false}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.EventSettingUnknown, warning.Code));
        Assert.Equal(
            ["did you mean 'timeout'?", "did you mean 'timeout'?", "did you mean 'memorySize'?",
                "did you mean 'enabled'?"],
            warnings.Select(warning => warning.Fix));
        Assert.Equal([4, 8, 9, 12], warnings.Select(warning => warning.At.Line));
    }

    [Fact]
    public void Find_PayloadOnAnHttpApiEvent_SaysTheFrameworkReadsItFromTheFunctionOrProvider()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: Api::Api.Handler
                httpApi:
                  payload: '1.0'
                events:
                  - httpApi: {method: GET, path: /c, payload: '1.0'}
            """);

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Equal(ConfigErrorCodes.EventSettingUnknown, warning.Code);
        Assert.Equal((10, 42), (warning.At.Line, warning.At.Column));
        Assert.Contains("'httpApi: {payload: '1.0'}' beside 'handler:'", warning.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EveryCorpusServiceThatLoads_FindsNoUnknownEventKindOrSetting()
    {
        // Real services written for the framework pass its event schema, so any such warning here is a false one.
        var unknown = new List<string>();
        var checkedFiles = 0;
        foreach (var config in Directory.EnumerateFiles(
            RepositoryPaths.Corpus, "serverless.yml", SearchOption.AllDirectories))
        {
            if (TryLoad(config) is not { } service)
            {
                continue;
            }

            checkedFiles++;
            // STR1313 is no unknown setting: the framework's own request-parameters fixture requires 'bar' on a
            // path without '{bar}' (checked for that fixture below).
            unknown.AddRange(EmulationWarnings.Find(service)
                .Where(warning => warning.Code is not (ConfigErrorCodes.NotEmulatedLocally
                    or ConfigErrorCodes.RequiredPathParameterNotInPath))
                .Select(warning => warning.Format()));
        }

        Assert.Empty(unknown);
        Assert.True(checkedFiles >= 20, $"only {checkedFiles} corpus files loaded");
    }

    // The framework's schema takes no other keys in these blocks (additionalProperties: false), and each decides
    // what the local gateway does: a misspelt one would silently change binary handling, CORS or the payload.
    [Fact]
    public void Find_MisspeltKeysInApiSettingsBlocks_WarnAtEachKeyWithTheLikelyWord()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              apiGateway:
                binaryMediaType: ['image/png']
              httpApi:
                corss: true
                cors:
                  alowedHeaders: [x]
            functions:
              api:
                handler: Api::Api.Handler
                httpApi:
                  payloud: '1.0'
                events:
                  - http:
                      path: /c
                      method: get
                      cors:
                        orign: 'https://x.example'
                        heders: [x]
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.EventSettingUnknown, warning.Code));
        Assert.Equal(
            [
                (5, 5, "binaryMediaTypes"), (7, 5, "cors"), (9, 7, "allowedHeaders"), (14, 7, "payload"),
                (20, 13, "origin"), (21, 13, "headers"),
            ],
            warnings.Select(warning => (warning.At.Line, warning.At.Column, warning.Fix[14..^2])));
    }

    [Fact]
    public void Find_ListSettingsGivenAsOneText_WarnThatTheFrameworkRefusesThemAtDeploy()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              apiGateway:
                binaryMediaTypes: image/png
              httpApi:
                cors:
                  allowedOrigins: '*'
            functions:
              api:
                handler: Api::Api.Handler
                events:
                  - http: {path: /c, method: get, cors: {origins: 'https://x.example'}}
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Equal([5, 8, 13], warnings.Select(warning => warning.At.Line));
        Assert.All(warnings, warning => Assert.Contains("not a list", warning.Message, StringComparison.Ordinal));
        Assert.Equal("write it as a list: binaryMediaTypes: ['image/png'].", warnings[0].Fix);
    }

    [Fact]
    public void Find_BinaryMediaTypeWithoutASlash_WarnsThatItMatchesNoRequest()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              apiGateway:
                binaryMediaTypes: ['png', 'image/png', 'image png', '*/*']
            functions:
              api:
                handler: Api::Api.Handler
            """);

        var warnings = EmulationWarnings.Find(service);

        Assert.Equal([24, 44], warnings.Select(warning => warning.At.Column));
        Assert.All(
            warnings, warning => Assert.Contains("matches no request", warning.Message, StringComparison.Ordinal));
    }

    // The framework warns at 30 s and over for HTTP APIs (http-api.js); a REST API stops waiting at 29 s.
    [Fact]
    public void Find_TimeoutReachingPastTheGateways_WarnsAtTheTimeoutThatSetsIt()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
              timeout: 30
            functions:
              inherits:
                handler: Api::Api.Handler
                events:
                  - httpApi: GET /a
              own:
                handler: Api::Api.Handler
                timeout: 35
                events:
                  - http: GET b
                  - httpApi: GET /b
              fits:
                handler: Api::Api.Handler
                timeout: 28
                events:
                  - http: GET c
                  - httpApi: GET /c
              queue:
                handler: Api::Api.Handler
                events:
                  - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
            """);

        var warnings = EmulationWarnings.Find(service)
            .Where(warning => warning.Code == ConfigErrorCodes.TimeoutBeyondGateway)
            .ToList();

        Assert.Equal(
            [(4, "inherits"), (12, "own"), (12, "own")],
            warnings.Select(warning => (warning.At.Line, warning.Message[10..].Split('\'')[0])));
        Assert.Contains("as long as the HTTP API's 30 s", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("longer than the REST API's 29 s", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("504 'Endpoint request timed out'", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("longer than the HTTP API's 30 s", warnings[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("lower the timeout to 29 s or less", warnings[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AsWarning_ShowsWarningSeverityWithTheSourceLineAndFix()
    {
        var at = new SourceSpan("serverless.yml", 3, 5, 6);
        var warning = new ConfigError(ConfigErrorCodes.EventSettingUnknown, at, "'mehtod' is odd.", "fix it.");

        var text = warning.Format("    mehtod: GET", "warning");

        Assert.Equal(
            "serverless.yml:3:5: warning STR1303: 'mehtod' is odd.\n    mehtod: GET\n    ^^^^^^\n  fix: fix it.",
            text);
    }

    [Fact]
    public void Find_KeyHoldingVariable_IsLeftToTheConfigWarningsEveryCommandPrintsOnce()
    {
        var service = Load("""
            service: api
            provider:
              name: aws
            resources:
              Resources:
                ${self:service}Table:
                  Type: AWS::DynamoDB::Table
            """);

        var warning = Assert.Single(ConfigWarnings.Find(service));

        Assert.Equal(ConfigErrorCodes.VariableInKey, warning.Code);
        Assert.Equal((6, 5), (warning.At.Line, warning.At.Column));
        Assert.Empty(EmulationWarnings.Find(service));
    }

    [Theory]
    [InlineData("rate( 5 minutes )", "rate(5 minutes)")]
    [InlineData("rate(01 minute)", "rate(1 minute)")]
    [InlineData("rate(5  minutes)", "rate(5 minutes)")]
    [InlineData("cron(0  12 * * ? *)", "cron(0 12 * * ? *)")]
    [InlineData("cron( 0 12 * * ? * )", "cron(0 12 * * ? *)")]
    [InlineData("' rate(10 minutes)'", "rate(10 minutes)")]
    public void Find_ScheduleSpeltLooserThanTheFrameworkSchema_WarnsAtTheExpressionWithTheSpellingItTakes(
        string written, string expected)
    {
        var service = Load(ScheduleService(written));

        var warnings = EmulationWarnings.Find(service);

        var warning = Assert.Single(warnings);
        Assert.Equal(ConfigErrorCodes.ScheduleSpellingLoose, warning.Code);
        Assert.Equal((8, 19), (warning.At.Line, warning.At.Column));
        Assert.Contains("Framework's schema does not match this spelling", warning.Message, StringComparison.Ordinal);
        Assert.Equal($"write it '{expected}'.", warning.Fix);
    }

    // The framework's patterns (compile/events/schedule.js) take one plain space between parts and are JavaScript
    // regular expressions, whose '$' is the very end; the local parser takes any white space there and trims the
    // expression, so a tab, a no-break space or a trailing line break runs locally but fails the schema.
    [Theory]
    [InlineData(@"rate(5\tminutes)", "rate(5 minutes)")]
    [InlineData(@"rate(5\u00a0minutes)", "rate(5 minutes)")]
    [InlineData(@"rate(5\r\nminutes)", "rate(5 minutes)")]
    [InlineData(@"rate(\t5 minutes)", "rate(5 minutes)")]
    [InlineData(@"rate(5 minutes\t)", "rate(5 minutes)")]
    [InlineData(@"rate(5 minutes)\n", "rate(5 minutes)")]
    [InlineData(@"cron(0 12 * * ? *)\n", "cron(0 12 * * ? *)")]
    [InlineData(@"\u3000cron(0 12 * * ? *)", "cron(0 12 * * ? *)")]
    [InlineData(@"cron(0\t12 * * ? *)", "cron(0 12 * * ? *)")]
    [InlineData(@"cron(\t0 12 * * ? *)", "cron(0 12 * * ? *)")]
    [InlineData(@"cron(0\u00a012 * *\r\n? *)", "cron(0 12 * * ? *)")]
    public void Find_ScheduleWithWhiteSpaceOtherThanOneSpace_WarnsWithTheSpellingItTakes(
        string escaped, string expected)
    {
        var service = Load(ScheduleService($"\"{escaped}\""));

        var warnings = EmulationWarnings.Find(service);

        var warning = Assert.Single(warnings);
        Assert.Equal(ConfigErrorCodes.ScheduleSpellingLoose, warning.Code);
        Assert.Equal((8, 19), (warning.At.Line, warning.At.Column));
        Assert.Equal($"write it '{expected}'.", warning.Fix);
    }

    // The message quotes the expression on one line, its tab or no-break space escaped, so the reader sees why a
    // spelling that looks right is warned about.
    [Fact]
    public void Find_ScheduleWithATabOrNoBreakSpace_QuotesItEscapedInTheMessage()
    {
        var service = Load(ScheduleService("\"cron(0\\t12\\u00a0* * ? *)\\n\""));

        var warning = Assert.Single(EmulationWarnings.Find(service));

        Assert.Contains("the schedule 'cron(0\\t12\\u00a0* * ? *)\\n'", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', warning.Message);
        Assert.DoesNotContain('\u00a0', warning.Message);
    }

    // Every white space character but the plain space, in every place of a rate or a cron: wherever the local
    // parser (ScheduleExpression) runs the expression, the framework's pattern refuses it, so it must warn with a
    // spelling of plain single spaces; where the parser refuses it too, STR1224 reports it and there is no warning.
    [Fact]
    public void Find_ScheduleWithAnyWhiteSpaceTheLocalParserTakes_WarnsEveryTime()
    {
        var whiteSpace = Enumerable.Range(0, char.MaxValue + 1)
            .Select(code => (char)code)
            .Where(character => char.IsWhiteSpace(character) && character != ' ')
            .ToList();
        string[] rates = ["rate(5{0}minutes)", "rate(5 {0}minutes)", "rate({0}5 minutes)", "rate(5 minutes{0})",
            "{0}rate(5 minutes)", "rate(5 minutes){0}"];
        string[] crons = ["cron(0{0}12 * * ? *)", "cron(0 {0}12 * * ? *)", "cron({0}0 12 * * ? *)",
            "cron(0 12 * * ? *{0})", "{0}cron(0 12 * * ? *)", "cron(0 12 * * ? *){0}"];
        (string Shape, string Spelling)[] shapes =
        [
            .. rates.Select(shape => (shape, "rate(5 minutes)")),
            .. crons.Select(shape => (shape, "cron(0 12 * * ? *)")),
        ];

        var missed = new List<string>();
        var runs = 0;
        foreach (var (shape, spelling) in shapes)
        {
            foreach (var space in whiteSpace)
            {
                if (!RunsLocally(string.Format(CultureInfo.InvariantCulture, shape, space)))
                {
                    continue;
                }

                runs++;
                var escaped = string.Format(CultureInfo.InvariantCulture, shape, $"\\u{(int)space:x4}");
                var warning = EmulationWarnings.Find(Load(ScheduleService($"\"{escaped}\""))).SingleOrDefault();
                if (warning?.Fix != $"write it '{spelling}'.")
                {
                    missed.Add(escaped);
                }
            }
        }

        // Every one runs: AWS separates a cron's fields, as a rate's parts, by any white space.
        Assert.Equal(shapes.Length * whiteSpace.Count, runs);
        Assert.Empty(missed);
    }

    private static bool RunsLocally(string expression)
    {
        try
        {
            ScheduleExpression.Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(10 minutes)")]
    [InlineData("rate(2 days)")]
    [InlineData("cron(0 12 ? * mon-fri *)")]
    [InlineData("cron(0 12 1 jan,Feb ? *)")]
    [InlineData("cron(0/5 8-17 ? * MON-FRI *)")]
    public void Find_ScheduleSpeltAsTheFrameworkSchemaTakesIt_DoesNotWarn(string written)
    {
        var service = Load(ScheduleService(written));

        Assert.Empty(EmulationWarnings.Find(service));
    }

    [Fact]
    public void Find_ReservedConcurrencyZero_WarnsOnceAtTheKeyThatEveryCallIsThrottled()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              off:
                handler: Jobs::Jobs.Off
                reservedConcurrency: 0
                events:
                  - httpApi: GET /off
              on:
                handler: Jobs::Jobs.On
                reservedConcurrency: 1
            """);

        var warnings = EmulationWarnings.Find(service);

        var warning = Assert.Single(warnings);
        Assert.Equal(ConfigErrorCodes.FunctionAlwaysThrottled, warning.Code);
        Assert.Equal((7, 5), (warning.At.Line, warning.At.Column));
        Assert.Contains("'off' has reservedConcurrency 0, so Lambda throttles every call", warning.Message,
            StringComparison.Ordinal);
        Assert.StartsWith("remove 'reservedConcurrency: 0', or set it to 1 or more", warning.Fix,
            StringComparison.Ordinal);
    }

    private static ServiceDefinition? TryLoad(string config)
    {
        try
        {
            return ServiceLoader.Load(config, new ServiceLoadOptions());
        }
        catch (ConfigException)
        {
            // Files that need options or sources the corpus does not carry are the loader's tests, not these.
            return null;
        }
    }

    private ServiceDefinition Load(string yaml) => _service.Load(yaml);

    /// <summary>A service with one schedule event, its expression written as given on line 8, column 19.</summary>
    private static string ScheduleService(string written) => $"""
        service: jobs
        provider:
          name: aws
        functions:
          tick:
            handler: Jobs::Jobs.Tick
            events:
              - schedule: {written}
        """;
}
