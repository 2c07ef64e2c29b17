namespace Stratus.Service.Tests;

public sealed class ServiceModelTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Load_MinimalService_AppliesFrameworkDefaults()
    {
        var yaml = "service: users\nprovider:\n  name: aws\n  runtime: dotnet8\nfunctions:\n  getUser:\n    handler: Users::Users.GetUser::HandleAsync\n";

        var service = _service.Load(yaml);

        Assert.Equal("users", service.Name);
        Assert.Equal(_service.ConfigPath, service.ConfigPath);
        Assert.Equal(_service.Directory, service.Directory);
        Assert.Equal(("dev", "us-east-1"), (service.Stage, service.Region));
        Assert.Equal((1024, 6), (service.Provider.MemorySize, service.Provider.Timeout));
        var function = Assert.Single(service.Functions);
        Assert.Equal("getUser", function.Key);
        Assert.Equal("users-dev-getUser", function.Name);
        Assert.Equal("Users::Users.GetUser::HandleAsync", function.Handler);
        Assert.Equal("dotnet8", function.Runtime);
        Assert.Equal((1024, 6), (function.MemorySize, function.Timeout));
        Assert.Null(function.ReservedConcurrency);
        Assert.Equal((7, 14), (function.HandlerSpan.Line, function.HandlerSpan.Column));
        Assert.Equal((6, 3), (function.At.Line, function.At.Column));
    }

    [Fact]
    public void Load_FunctionSettings_OverrideProvider()
    {
        var yaml = """
            service: users
            provider:
              name: aws
              runtime: dotnet8
              memorySize: 512
              timeout: 10
              architecture: arm64
              environment:
                TABLE: users-table
                SHARED: provider
            functions:
              first:
                handler: A::B::C
                name: custom-name
                runtime: provided.al2023
                memorySize: '2048'
                timeout: 30
                reservedConcurrency: 5
                environment:
                  SHARED: function
                  PORT: 8080
                  ON: true
              second:
                handler: A::B::D
            """;

        var service = _service.Load(yaml);

        var first = service.Functions[0];
        Assert.Equal(("custom-name", "provided.al2023"), (first.Name, first.Runtime));
        Assert.Equal((2048, 30, 5), (first.MemorySize, first.Timeout, first.ReservedConcurrency));
        Assert.Equal("arm64", first.Architecture);
        Assert.Equal("users-table", first.Environment["TABLE"]);
        Assert.Equal("function", first.Environment["SHARED"]);
        Assert.Equal("8080", first.Environment["PORT"]);
        Assert.Equal("true", first.Environment["ON"]);
        var second = service.Functions[1];
        Assert.Equal((512, 10), (second.MemorySize, second.Timeout));
        Assert.Equal("provider", second.Environment["SHARED"]);
        Assert.Equal(["first", "second"], service.Functions.Select(function => function.Key));
    }

    [Fact]
    public void Load_EnvironmentIntrinsic_BecomesCompactJson()
    {
        var yaml = Yaml.Service("  environment:\n    BUCKET: { Ref: Uploads }\nfunctions:\n  f:\n    handler: h\n");

        var service = _service.Load(yaml);

        Assert.Equal("{\"Ref\":\"Uploads\"}", service.Functions[0].Environment["BUCKET"]);
    }

    [Fact]
    public void Load_HttpEvents_NormalizeMethodPathAndCors()
    {
        var yaml = Yaml.Service("""
            functions:
              api:
                handler: h
                events:
                  - http: get users/{id}/
                  - http:
                      method: post
                      path: /users
                      cors: true
                      private: true
                  - http:
                      method: any
                      path: '{proxy+}'
                      integration: lambda
                      authorizer: aws_iam
                      cors:
                        origins: [https://a.example, https://b.example]
                        headers: [X-Custom]
                        allowCredentials: true
                  - http: GET /
                  - http:
                      method: get
                      path: origins
                      cors:
                        origin: 'https://c.example, https://d.example,'
            """);

        var service = _service.Load(yaml);

        var events = service.Functions[0].Events.Cast<HttpEvent>().ToArray();
        Assert.Equal(("GET", "/users/{id}", null), (events[0].Method, events[0].Path, events[0].Cors));
        Assert.Equal(("POST", "/users", true), (events[1].Method, events[1].Path, events[1].Private));
        Assert.Equal("*", events[1].Cors!.Origin);
        Assert.Empty(events[1].Cors!.Origins);
        Assert.Equal(["OPTIONS", "POST"], events[1].Cors!.Methods);
        Assert.Contains("Authorization", events[1].Cors!.Headers);
        Assert.Equal(("ANY", "/{proxy+}"), (events[2].Method, events[2].Path));
        Assert.Equal(("lambda", "aws_iam"), (events[2].Integration, events[2].Authorizer));
        Assert.Equal(["https://a.example", "https://b.example"], events[2].Cors!.Origins);
        Assert.Null(events[2].Cors!.Origin);
        Assert.True(events[2].Cors!.AllowCredentials);
        Assert.Equal(("GET", "/", "lambda-proxy"), (events[3].Method, events[3].Path, events[3].Integration));
        Assert.Equal((9, 9), (events[0].At.Line, events[0].At.Column));

        // The singular 'origin' is kept as written; the framework's compileCors splits it on its commas later, once
        // the origins of every event on the path are united (RouteTable.MergeRestCors).
        Assert.Equal("https://c.example, https://d.example,", events[4].Cors!.Origin);
        Assert.Empty(events[4].Cors!.Origins);
    }

    [Fact]
    public void Load_HttpApiEvents_ParseRoutesCatchAllAndPayload()
    {
        var yaml = """
            service: api
            provider:
              name: aws
              httpApi:
                payload: '1.0'
                cors: true
            functions:
              api:
                handler: h
                events:
                  - httpApi: GET /users/{id}
                  - httpApi: '*'
                  - httpApi:
                      method: '*'
                      path: /any
                      payload: '2.0'
                  - httpApi:
                      method: post
                      path: /users/
            """;

        var service = _service.Load(yaml);

        var events = service.Functions[0].Events.Cast<HttpApiEvent>().ToArray();
        Assert.Equal(("GET", "/users/{id}", "1.0"), (events[0].Method, events[0].Path, events[0].PayloadVersion));
        Assert.True(events[1].IsDefaultRoute);
        Assert.Equal(("*", "*"), (events[1].Method, events[1].Path));
        Assert.Equal(("*", "/any", "2.0"), (events[2].Method, events[2].Path, events[2].PayloadVersion));
        Assert.Equal(("POST", "/users"), (events[3].Method, events[3].Path));
        Assert.NotNull(service.Provider.HttpApiCors);
        Assert.Equal(["*"], service.Provider.HttpApiCors!.AllowedOrigins);
        Assert.Equal("1.0", service.Provider.HttpApiPayloadVersion);
    }

    [Fact]
    public void Load_FunctionHttpApiPayload_AppliesToItsEventsOverTheProviders()
    {
        // The framework reads functions.<name>.httpApi.payload, then provider.httpApi.payload, then '2.0'.
        var yaml = """
            service: api
            provider:
              name: aws
              httpApi:
                payload: '2.0'
            functions:
              legacy:
                handler: h
                httpApi:
                  payload: '1.0'
                events:
                  - httpApi: GET /old
              modern:
                handler: h
                events:
                  - httpApi: GET /new
            """;

        var service = _service.Load(yaml);

        Assert.Equal("1.0", service.Functions[0].Events.Cast<HttpApiEvent>().Single().PayloadVersion);
        Assert.Equal("2.0", service.Functions[1].Events.Cast<HttpApiEvent>().Single().PayloadVersion);
    }

    [Fact]
    public void Load_HttpApiPayload_DefaultsTo2()
    {
        var service = _service.Load(Yaml.Service("functions:\n  f:\n    handler: h\n    events:\n      - httpApi: GET /\n"));

        Assert.Equal("2.0", Assert.IsType<HttpApiEvent>(service.Functions[0].Events[0]).PayloadVersion);
        Assert.Null(service.Provider.HttpApiCors);
    }

    [Fact]
    public void Load_ProviderHttpApiCorsObject_ReadsSettings()
    {
        var yaml = "service: a\nprovider:\n  name: aws\n  httpApi:\n    cors:\n      allowedOrigins: [https://x.example]\n      allowedMethods: [GET]\n      allowCredentials: true\n      maxAge: 600\n  apiGateway:\n    binaryMediaTypes: ['image/png', '*/*']\n";

        var service = _service.Load(yaml);

        var cors = service.Provider.HttpApiCors!;
        Assert.Equal(["https://x.example"], cors.AllowedOrigins);
        Assert.Equal(["GET"], cors.AllowedMethods!);
        Assert.True(cors.AllowCredentials);
        Assert.Equal(600, cors.MaxAge);
        Assert.Equal(["image/png", "*/*"], service.Provider.BinaryMediaTypes);
    }

    // API Gateway refuses the HTTP API at deploy: "allow-credentials is not supported if 'allow-origin' is *"
    // (BadRequestException, aws/aws-cdk#9076); the framework passes both through, its allowedOrigins default is '*'.
    [Theory]
    [InlineData("      allowedOrigins: ['https://a.example', '*']\n      allowCredentials: true\n", 7, "'*';")]
    [InlineData("      allowCredentials: true\n", 6, "'*' (its default)")]
    public void Load_HttpApiCorsCredentialsWithAnyOrigin_FailsAtAllowCredentialsWithTheFix(
        string settings,
        int line,
        string origins)
    {
        var yaml = "service: a\nprovider:\n  name: aws\n  httpApi:\n    cors:\n" + settings;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.CorsCredentialsWithAnyOrigin, error.Code);
        Assert.Equal((line, 25), (error.At.Line, error.At.Column));
        Assert.Contains(
            $"allowCredentials true with allowedOrigins {origins}", error.Message, StringComparison.Ordinal);
        Assert.Contains("API Gateway refuses this at deploy", error.Message, StringComparison.Ordinal);
        Assert.Contains("name the origins", error.Fix, StringComparison.Ordinal);
    }

    // The framework's schema takes a REST cors maxAge of 1 and up and an HTTP API's of 0 and up; API Gateway's Cors
    // type caps an HTTP API's at 86,400 seconds.
    [Theory]
    [InlineData("  httpApi:\n    cors:\n      maxAge: -5\n", "below the CORS minimum", "from 0 to 86400")]
    [InlineData("  httpApi:\n    cors:\n      maxAge: 86401\n", "above the CORS maximum", "from 0 to 86400")]
    public void Load_HttpApiCorsMaxAgeOutOfRange_NamesTheCorsLimits(string provider, string side, string range)
    {
        var error = Assert.Single(_service.LoadFails("service: a\nprovider:\n  name: aws\n" + provider).Errors);

        Assert.Equal(ConfigErrorCodes.CorsInvalid, error.Code);
        Assert.Contains(side, error.Message, StringComparison.Ordinal);
        Assert.Contains(range, error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RestCorsMaxAgeOfZero_IsBelowTheFrameworksMinimumOfOne()
    {
        var yaml = Yaml.Service(
            "functions:\n  f:\n    handler: h\n    events:\n      - http:\n          method: get\n" +
            "          path: /x\n          cors:\n            maxAge: 0\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.CorsInvalid, error.Code);
        Assert.Contains("below the CORS minimum", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to", error.Fix, StringComparison.Ordinal);
    }

    // The framework's schema takes REGIONAL, EDGE or PRIVATE in any case, and deploys EDGE when it is unset.
    [Theory]
    [InlineData("", "EDGE")]
    [InlineData("  endpointType: regional\n", "REGIONAL")]
    [InlineData("  endpointType: PRIVATE\n", "PRIVATE")]
    [InlineData("  endpointType: Edge\n", "EDGE")]
    public void Load_ProviderEndpointType_ReadsItUpperCasedWithEdgeAsDefault(string setting, string expected)
    {
        var yaml = "service: a\nprovider:\n  name: aws\n" + setting;

        var service = _service.Load(yaml);

        Assert.Equal(expected, service.Provider.EndpointType);
    }

    [Fact]
    public void Load_ProviderEndpointTypeUnknown_FailsAtTheValueWithTheThreeTypes()
    {
        var yaml = "service: a\nprovider:\n  name: aws\n  endpointType: global\n";

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1220", error.Code);
        Assert.Equal((4, 17), (error.At.Line, error.At.Column));
        Assert.Contains("'global'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'EDGE' (the default), 'REGIONAL' or 'PRIVATE'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScheduleAndOtherEvents_AreKept()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule: rate(1 minute)
                  - schedule:
                      rate: [cron(0 12 * * ? *), rate(2 hours)]
                      enabled: false
                      input:
                        key: value
                  - sqs: arn:aws:sqs:us-east-1:123456789012:queue
                  - s3:
                      bucket: photos
                      event: s3:ObjectCreated:*
            """);

        var service = _service.Load(yaml);

        var events = service.Functions[0].Events;
        var first = Assert.IsType<ScheduleEvent>(events[0]);
        Assert.Equal(["rate(1 minute)"], first.Expressions);
        Assert.True(first.Enabled);
        var second = Assert.IsType<ScheduleEvent>(events[1]);
        Assert.Equal(2, second.Expressions.Count);
        Assert.False(second.Enabled);
        Assert.IsType<ConfigMapping>(second.Input);
        Assert.Equal("sqs", Assert.IsType<OtherEvent>(events[2]).Kind);
        var s3 = Assert.IsType<OtherEvent>(events[3]);
        Assert.Equal("photos", ((ConfigScalar)s3.Node.Find("bucket")!).Value);
    }

    // Serverless Framework, "Schedule" events: inputPath and inputTransformer (inputPathsMap, inputTemplate).
    [Fact]
    public void Load_ScheduleInputPathAndInputTransformer_AreKeptWithTheirPlaces()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: [rate(1 hour), cron(0 12 LW * ? *)]
                      inputPath: '$.detail'
                  - schedule:
                      rate: rate(2 hours)
                      inputTransformer:
                        inputPathsMap:
                          t: '$.time'
                        inputTemplate: '{"time": <t>}'
            """);

        var service = _service.Load(yaml);

        var first = Assert.IsType<ScheduleEvent>(service.Functions[0].Events[0]);
        Assert.Equal("$.detail", first.InputPath?.Value);
        Assert.Equal([10, 10], first.ExpressionsAt.Select(at => at.Line));
        Assert.True(first.ExpressionsAt[1].Column > first.ExpressionsAt[0].Column);
        var second = Assert.IsType<ScheduleEvent>(service.Functions[0].Events[1]);
        Assert.Equal("$.time", second.InputTransformer?.PathsMap["t"].Value);
        Assert.Equal("""{"time": <t>}""", second.InputTransformer?.Template.Value);
    }

    // EventBridge's PutTargets takes one of Input, InputPath and InputTransformer per target, and the Framework
    // refuses a schedule that sets more than one.
    [Fact]
    public void Load_ScheduleWithInputAndInputPath_ReportsStr1225AtTheSecondKey()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(1 hour)
                      input: {k: 1}
                      inputPath: '$.detail'
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleInputInvalid, error.Code);
        Assert.Equal((12, 11), (error.At.Line, error.At.Column));
        Assert.Contains("both 'input' and 'inputPath'", error.Message, StringComparison.Ordinal);
    }

    // The framework's schedule event: 'method: scheduler' makes an EventBridge Scheduler schedule, whose
    // ScheduleExpressionTimezone is 'timezone'.
    [Fact]
    public void Load_SchedulerScheduleWithTimezone_KeepsTheMethodAndTheZone()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: cron(0 9 * * ? *)
                      method: scheduler
                      timezone: Europe/Paris
            """);

        var schedule = Assert.IsType<ScheduleEvent>(_service.Load(yaml).Functions[0].Events[0]);

        Assert.True(schedule.UsesScheduler);
        Assert.Equal("Europe/Paris", schedule.Timezone?.Value);
    }

    // The framework (3.40): '"timezone" is only supported with "scheduler" mode', and Scheduler has no inputPath
    // or inputTransformer; rules run in UTC.
    [Theory]
    [InlineData("timezone: Europe/Paris", "", 12, 11, "without 'method: scheduler'")]
    [InlineData("inputPath: '$.detail'", "method: scheduler", 12, 11, "'inputPath' with 'method: scheduler'")]
    [InlineData("inputTransformer: {inputTemplate: '{}'}", "method: scheduler", 12, 11, "'inputTransformer'")]
    [InlineData("timezone: Mars/Olympus", "method: scheduler", 12, 21, "'Mars/Olympus', which is not an IANA time zone")]
    [InlineData("timezone: localtime", "method: scheduler", 12, 21, "'localtime', which is not an IANA time zone")]
    [InlineData("timezone: right/UTC", "method: scheduler", 12, 21, "'right/UTC', which is not an IANA time zone")]
    [InlineData("method: cron", "", 12, 19, "neither 'eventBus' nor 'scheduler'")]
    [InlineData("name: 'bad name!'", "", 12, 17, "'bad name!', which EventBridge refuses")]
    [InlineData("name: nightly-report-for-every-region-and-every-account-we-run-today-at-noon", "", 12, 17, "1 to 64")]
    [InlineData("name: 'nightly report'", "method: scheduler", 12, 17, "which EventBridge refuses")]
    public void Load_ScheduleSettingTheFrameworkRefuses_ReportsStr1228WhereItIsWritten(
        string setting, string method, int line, int column, string message)
    {
        var methodLine = method.Length > 0 ? method : "enabled: true";
        var yaml = Yaml.Service($$"""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: cron(0 9 * * ? *)
                      {{methodLine}}
                      {{setting}}
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleSettingInvalid, error.Code);
        Assert.Equal((line, column), (error.At.Line, error.At.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    // The framework (3.40, schedule.js): 'You cannot specify a name when defining more than one rate
    // expression' (SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES): each rate is a rule, and rules need distinct names.
    [Fact]
    public void Load_NamedScheduleWithSeveralRates_ReportsStr1228AtTheName()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: [rate(5 minutes), rate(10 minutes)]
                      name: poll
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleSettingInvalid, error.Code);
        Assert.Equal((11, 11), (error.At.Line, error.At.Column));
        Assert.Contains("names its 2 rates 'poll'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoSchedulesOfOneNameAcrossFunctions_ReportsStr1228AtTheSecondNamingTheFirst()
    {
        var yaml = Yaml.Service("""
            functions:
              first:
                handler: h
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      name: nightly
              second:
                handler: h
                events:
                  - schedule:
                      rate: rate(1 hour)
                      name: nightly
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleSettingInvalid, error.Code);
        Assert.Equal((17, 17), (error.At.Line, error.At.Column));
        Assert.Contains("'nightly', which function 'first' already uses at ", error.Message, StringComparison.Ordinal);
        Assert.Contains("serverless.yml:11:17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoSchedulesOfOneNameInOneFunction_ReportsStr1228AtTheSecond()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      name: poll
                      enabled: false
                  - schedule:
                      rate: rate(1 hour)
                      name: poll
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal((15, 17), (error.At.Line, error.At.Column));
        Assert.Contains("another of its schedules already uses at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RuleAndSchedulerScheduleOfOneName_IsAccepted()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      name: poll
                  - schedule:
                      rate: rate(1 hour)
                      name: poll
                      method: scheduler
            """);

        var service = _service.Load(yaml);

        Assert.Equal(2, service.Functions[0].Events.Count);
    }

    // The framework (3.40, schedule.js) parses an input's text body as JSON before it writes the rule; a body
    // that is not JSON makes JSON.parse throw, and the package fails.
    [Fact]
    public void Load_ScheduleInputBodyThatIsNotJson_ReportsStr1225AtTheBody()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      input:
                        body: not json
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleInputInvalid, error.Code);
        Assert.Equal((12, 19), (error.At.Line, error.At.Column));
        Assert.Contains("input body 'not json' that is not JSON", error.Message, StringComparison.Ordinal);
    }

    // eb-transform-target-input.html: names of the predefined variables (aws.events...) are reserved.
    [Fact]
    public void Load_InputPathsMapVariableStartingWithAws_ReportsStr1225AtTheName()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(1 hour)
                      inputTransformer:
                        inputPathsMap:
                          aws.events.rule-name: '$.id'
                        inputTemplate: '{"name": <aws.events.rule-name>}'
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleInputInvalid, error.Code);
        Assert.Equal((13, 15), (error.At.Line, error.At.Column));
        Assert.Contains("'aws.events.rule-name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputTransformerWithoutTemplate_ReportsStr1225()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate: rate(1 hour)
                      inputTransformer:
                        inputPathsMap:
                          t: '$.time'
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleInputInvalid, error.Code);
        Assert.Contains("has no inputTemplate", error.Message, StringComparison.Ordinal);
    }

    // "not rate(...) or cron(...)" alone left 'Rate(5 minutes)' looking right; the message names the difference.
    [Theory]
    [InlineData("Rate(5 minutes)", ": EventBridge takes 'rate(' in lower case")]
    [InlineData("cron (0 12 * * ? *)", ": EventBridge takes 'cron(' in lower case, with no space before the '('")]
    [InlineData("rate(5 minutes", ": it has no closing ')'")]
    public void Load_ScheduleThatAlmostReadsAsRateOrCron_ReportsStr1213NamingWhatDiffers(
        string expression, string expected)
    {
        var yaml = Yaml.Service($"functions:\n  jobs:\n    handler: h\n    events:\n      - schedule: {expression}\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.ScheduleInvalid, error.Code);
        Assert.Equal((9, 19), (error.At.Line, error.At.Column));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScheduleListWithOneBadRate_ReportsStr1213AtThatItem()
    {
        var yaml = Yaml.Service("""
            functions:
              jobs:
                handler: h
                events:
                  - schedule:
                      rate:
                        - rate(1 hour)
                        - every day
            """);

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ScheduleInvalid, error.Code);
        Assert.Equal((12, 15), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Load_TwoFunctionsWithoutHandler_ReportsTwoErrors()
    {
        var yaml = Yaml.Service("functions:\n  first:\n    memorySize: 256\n  second:\n    timeout: 3\n");

        var exception = _service.LoadFails(yaml);

        Assert.Equal(2, exception.Errors.Count);
        Assert.All(exception.Errors, error => Assert.Equal(ConfigErrorCodes.HandlerMissing, error.Code));
        Assert.Equal([6, 8], exception.Errors.Select(error => error.At.Line));
        Assert.Contains("'first'", exception.Errors[0].Message, StringComparison.Ordinal);
    }

    // CreateFunction: "Handler is required if the deployment package is a .zip file archive", a custom runtime's
    // too, and the framework refuses a function with neither handler nor image; a bootstrap only reads it.
    [Theory]
    [InlineData("dotnet8", "package:\n  artifact: dist/app.zip\n", "    runtime: provided.al2023\n")]
    [InlineData("provided.al2", "package:\n  artifact: dist/app.zip\n", "")]
    [InlineData("dotnet8", "", "    runtime: provided.al2023\n    package:\n      artifact: dist/app.zip\n")]
    public void Load_PrebuiltCustomRuntimeFunctionWithoutHandler_SaysWhatAHandlerMeansToABootstrap(
        string providerRuntime, string servicePackage, string functionLines)
    {
        var yaml = $"service: demo\nprovider:\n  name: aws\n  runtime: {providerRuntime}\n{servicePackage}"
            + $"functions:\n  app:\n{functionLines}    memorySize: 256\n";

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.HandlerMissing, error.Code);
        Assert.Contains(
            "Lambda requires one for every zip, a custom runtime's", error.Message, StringComparison.Ordinal);
        Assert.Contains("as the _HANDLER variable", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("::", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DotnetFunctionWithoutHandler_SuggestsTheAssemblyTypeMethodForm()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.Service("functions:\n  app:\n    timeout: 3\n")).Errors);

        Assert.Contains("'handler: Users::Users.GetUser::HandleAsync'", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memorySize: 64", ConfigErrorCodes.MemorySizeOutOfRange, "below the Lambda minimum")]
    [InlineData("memorySize: 20000", ConfigErrorCodes.MemorySizeOutOfRange, "above the Lambda maximum")]
    [InlineData("timeout: 0", ConfigErrorCodes.TimeoutOutOfRange, "below the Lambda minimum")]
    [InlineData("timeout: 901", ConfigErrorCodes.TimeoutOutOfRange, "above the Lambda maximum")]
    [InlineData("memorySize: lots", ConfigErrorCodes.NotAWholeNumber, "not a whole number")]
    [InlineData("reservedConcurrency: -1", ConfigErrorCodes.ReservedConcurrencyInvalid, "below")]
    [InlineData("maximumRetryAttempts: 3", ConfigErrorCodes.MaximumRetryAttemptsOutOfRange, "3, above")]
    [InlineData("maximumRetryAttempts: -1", ConfigErrorCodes.MaximumRetryAttemptsOutOfRange, "-1, below")]
    [InlineData("maximumEventAge: 59", ConfigErrorCodes.MaximumEventAgeOutOfRange, "59, below")]
    [InlineData("maximumEventAge: 21601", ConfigErrorCodes.MaximumEventAgeOutOfRange, "21601, above")]
    public void Load_OutOfRangeSetting_ReportsLocatedError(string setting, string code, string words)
    {
        var yaml = Yaml.Service($"functions:\n  orders:\n    handler: h\n    {setting}\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(code, error.Code);
        Assert.Equal(8, error.At.Line);
        Assert.Contains("function 'orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(
        "sixty-four-characters-in-all-with-demo-and-dev-before-x",
        "demo-dev-sixty-four-characters-in-all-with-demo-and-dev-before-x")]
    [InlineData("under_scores-and-digits-2", "demo-dev-under_scores-and-digits-2")]
    public void Load_DeployedNameLambdaTakes_IsAccepted(string key, string deployed)
    {
        var yaml = Yaml.Service($"functions:\n  {key}:\n    handler: h\n");

        var function = Assert.Single(_service.Load(yaml).Functions);

        Assert.Equal(deployed, function.Name);
    }

    // Lambda: "The length constraint applies only to the full ARN. If you specify only the function name, it is
    // limited to 64 characters in length", of letters, digits, hyphens and underscores (API_CreateFunction).
    [Theory]
    [InlineData("this-key-makes-the-deployed-name-sixty-five-characters-x", null, 6, 3, "65 characters", "shorten")]
    [InlineData("with.dot", null, 6, 3, "'demo-dev-with.dot'", "only letters, digits")]
    [InlineData("orders", "orders v2", 8, 11, "is named 'orders v2'", "only letters, digits")]
    [InlineData(
        "orders", "a-name-that-is-sixty-five-characters-long-and-so-one-too-many-xyz", 8, 11, "(65 characters)",
        "at most 64")]
    public void Load_DeployedNameLambdaRefuses_IsALocatedError(
        string key, string? name, int line, int column, string words, string fix)
    {
        var nameLine = name is null ? "" : $"    name: {name}\n";
        var yaml = Yaml.Service($"functions:\n  {key}:\n    handler: h\n{nameLine}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionNameInvalid, error.Code);
        Assert.Equal((line, column), (error.At.Line, error.At.Column));
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Contains("Lambda refuses", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StageTooLongForAnyDefaultName_IsOneErrorAtTheServiceNotOnePerFunction()
    {
        var yaml = Yaml.Service(
            "functions:\n  orders:\n    handler: h\n  users:\n    handler: h\n  named:\n    handler: h\n" +
            "    name: short\n");
        var stage = new string('s', 60);

        var error = Assert.Single(_service.LoadFails(yaml, new ServiceLoadOptions { Stage = stage }).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionNameInvalid, error.Code);
        Assert.Equal((1, 10), (error.At.Line, error.At.Column));
        Assert.Contains($"'demo-{stage}-<key>'", error.Message, StringComparison.Ordinal);
        Assert.Contains("already 66 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("shorten the service name or the stage", error.Fix, StringComparison.Ordinal);
    }

    // A schedule quoted in a message stays on one line: its line end and control characters are shown escaped.
    [Fact]
    public void Load_ScheduleThatIsNeitherRateNorCron_QuotesItWithItsLineEndEscaped()
    {
        var yaml = Yaml.Service(
            "functions:\n  orders:\n    handler: h\n    events:\n      - schedule: \"every\\tday\\n\"\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.ScheduleInvalid, error.Code);
        Assert.Contains("has the rate 'every\\tday\\n', which is not", error.Message, StringComparison.Ordinal);
    }

    // A block scalar keeps its line end: 'abc\n' is no name Lambda takes, and $ (unlike \z) would let it pass.
    [Fact]
    public void Load_NameFromABlockScalar_IsRefusedWithItsLineEndShownEscaped()
    {
        var yaml = Yaml.Service("functions:\n  orders:\n    handler: h\n    name: |\n      abc\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionNameInvalid, error.Code);
        Assert.Contains("is named 'abc\\n' (4 characters)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyName_SaysToNameTheFunctionOrDropName()
    {
        var yaml = Yaml.Service("functions:\n  orders:\n    handler: h\n    name: ''\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionNameInvalid, error.Code);
        Assert.Contains("remove 'name:'", error.Fix, StringComparison.Ordinal);
    }

    // The stage is the one cause: its own error says so, and each name built from it would only repeat it.
    [Fact]
    public void Load_NamesBuiltFromAnInvalidStage_ReportOnlyTheStage()
    {
        var yaml = Yaml.Service(
            "  stage: a.b\nfunctions:\n  orders:\n    handler: h\n    name: ${self:service}-${sls:stage}-orders\n" +
            "  users:\n    handler: h\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.StageInvalid, error.Code);
    }

    // Names the stage does not explain are still reported beside the stage's error.
    [Theory]
    [InlineData("dev_x", "  \"a.b\":\n    handler: h\n")]
    [InlineData("dev_x", "  orders:\n    handler: h\n    name: my fn dev_x\n")]
    [InlineData("''", "  orders:\n    handler: h\n    name: bad name!\n")]
    public void Load_NameWrongForAnotherReasonThanAnInvalidStage_IsReportedBesideTheStage(
        string stage, string function)
    {
        var yaml = Yaml.Service($"  stage: {stage}\nfunctions:\n{function}");

        var errors = _service.LoadFails(yaml).Errors;

        Assert.Equal(
            [ConfigErrorCodes.StageInvalid, ConfigErrorCodes.FunctionNameInvalid],
            errors.Select(error => error.Code));
    }

    // Checked while ${sls:stage} resolves, so nothing built from the stage fails in its place; once for all uses.
    [Fact]
    public void Load_InvalidStageUsedInVariables_IsOneErrorAtProviderStage()
    {
        var yaml = Yaml.Service(
            "  stage: dev_x\n  environment:\n    TABLE: ${sls:stage}-users\n    QUEUE: ${sls:stage}-jobs\n" +
            "functions:\n  orders:\n    handler: h\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.StageInvalid, error.Code);
        Assert.Equal((5, 10), (error.At.Line, error.At.Column));
        Assert.Contains(
            "the stage 'dev_x' is not letters, digits and hyphens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StageMakingTheStackNameTooLong_IsOneErrorAtTheStage()
    {
        var yaml = Yaml.Service("functions:\n  orders:\n    handler: h\n");
        var stage = new string('s', 124);

        var error = Assert.Single(_service.LoadFails(yaml, new ServiceLoadOptions { Stage = stage }).Errors);

        Assert.Equal(ConfigErrorCodes.StageInvalid, error.Code);
        Assert.Contains(
            "the stack name 'demo-<stage>' would be 129 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_QuotedKeyLambdaRefuses_MarksTheWholeKeyWithItsQuotes()
    {
        var yaml = Yaml.Service("functions:\n  \"a b\":\n    handler: h\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionNameInvalid, error.Code);
        Assert.Equal((6, 3, 5), (error.At.Line, error.At.Column, error.At.Length));
    }

    [Fact]
    public void Load_MemorySizeError_FormatsLikeTheStyleGuide()
    {
        var yaml = Yaml.Service("functions:\n  orders:\n    handler: h\n    memorySize: 64\n");

        var exception = _service.LoadFails(yaml);

        Assert.Contains(
            ":8:17: error STR1203: function 'orders' has memorySize 64, below the Lambda minimum.\n" +
            "    memorySize: 64\n" +
            "                ^^\n" +
            "  fix: use a whole number of MB from 128 to 10240.",
            exception.Message,
            StringComparison.Ordinal);
    }

    // Serverless Framework v3 function keys maximumRetryAttempts and maximumEventAge, and the Lambda limits of
    // PutFunctionEventInvokeConfig: MaximumRetryAttempts 0 to 2, MaximumEventAgeInSeconds 60 to 21600.
    [Fact]
    public void Load_AsyncRetrySettings_ReadPerFunction()
    {
        var yaml = Yaml.Service(
            "functions:\n  once:\n    handler: h\n    maximumRetryAttempts: 0\n    maximumEventAge: 60\n" +
            "  plain:\n    handler: h\n");

        var service = _service.Load(yaml);

        Assert.Equal((0, 60), (service.Functions[0].MaximumRetryAttempts, service.Functions[0].MaximumEventAge));
        Assert.Equal((null, null), (service.Functions[1].MaximumRetryAttempts, service.Functions[1].MaximumEventAge));
    }

    [Fact]
    public void Load_MaximumEventAgeError_PointsAtTheValueAndSaysTheRange()
    {
        var yaml = Yaml.Service("functions:\n  orders:\n    handler: h\n    maximumEventAge: 30\n");

        var exception = _service.LoadFails(yaml);

        Assert.Contains(
            ":8:22: error STR1227: function 'orders' has maximumEventAge 30, below the Lambda minimum.\n" +
            "    maximumEventAge: 30\n" +
            "                     ^^\n" +
            "  fix: use a whole number of seconds from 60 to 21600.",
            exception.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvironmentSetsAVariableLambdaReserves_ReportsStr1216AtTheName()
    {
        var yaml = """
            service: api
            provider:
              name: aws
              environment:
                AWS_REGION: eu-west-9
                TABLE: users
            functions:
              api:
                handler: h
                environment:
                  _HANDLER: hijack
            """;

        var errors = _service.LoadFails(yaml).Errors;

        Assert.All(errors, error => Assert.Equal(ConfigErrorCodes.EnvironmentInvalid, error.Code));
        Assert.Equal([(5, 5), (11, 7)], errors.Select(error => (error.At.Line, error.At.Column)));
        Assert.Contains("'AWS_REGION', which Lambda reserves", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvironmentNameLambdaRefuses_ReportsStr1216AtTheNameForProviderAndFunction()
    {
        // API_Environment's key pattern is [a-zA-Z]([a-zA-Z0-9_])+: a letter first, two characters at least.
        var yaml = """
            service: api
            provider:
              name: aws
              environment:
                A: one
                _FOO: two
                OK_1: fine
            functions:
              api:
                handler: h
                environment:
                  9LIVES: three
                  B2: fine
            """;

        var errors = _service.LoadFails(yaml).Errors;

        Assert.All(errors, error => Assert.Equal(ConfigErrorCodes.EnvironmentInvalid, error.Code));
        Assert.Equal([(5, 5), (6, 5), (12, 7)], errors.Select(error => (error.At.Line, error.At.Column)));
        Assert.Contains("name 'A', which Lambda does not accept", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("name '_FOO', which Lambda does not accept", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("[a-zA-Z][a-zA-Z0-9_]+", errors[2].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScheduleInputTextThatIsNotJson_ReportsStr1225AtTheValue()
    {
        var yaml = """
            service: api
            provider:
              name: aws
            functions:
              tick:
                handler: h
                events:
                  - schedule: {rate: rate(1 hour), input: hello}
                  - schedule: {rate: rate(1 hour), input: '{"ok": true}'}
                  - schedule: {rate: rate(1 hour), input: {ok: true}}
            """;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.ScheduleInputInvalid, error.Code);
        Assert.Equal((8, 47), (error.At.Line, error.At.Column));
        Assert.Contains("'hello', which is not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RestSiblingPathVariablesWithDifferentNames_ReportsStr1223AsApiGatewayRefusesThem()
    {
        var yaml = """
            service: api
            provider:
              name: aws
            functions:
              pets:
                handler: h
                events:
                  - http: GET /pets/{id}
                  - http: DELETE /pets/{id}
              toys:
                handler: h
                events:
                  - http: GET /pets/{name}/toys
                  - httpApi: GET /things/{name}/toys
                  - httpApi: GET /things/{id}
            """;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.RoutePathInvalid, error.Code);
        Assert.Equal(13, error.At.Line);
        Assert.Contains(
            "puts '{name}' under '/pets', where line 8 already puts '{id}'",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("'/pets/{id}'", error.Fix, StringComparison.Ordinal);
    }

    // Renaming '{proxy+}' to '{id}' would change what the route matches; the fix must not suggest it.
    [Fact]
    public void Load_RestGreedyVariableBesideASingleSegmentOne_FixKeepsOneVariableInsteadOfRenaming()
    {
        var yaml = """
            service: api
            provider:
              name: aws
            functions:
              pets:
                handler: h
                events:
                  - http: GET p/{id}
                  - http: ANY p/{proxy+}
            """;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.RoutePathInvalid, error.Code);
        Assert.Contains("keep one variable under '/p'", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("use the same name", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EventSettingsIndentedBesideTheKind_ReportsTheIndentationSlipAtTheFirstSetting()
    {
        var yaml = """
            service: api
            provider:
              name: aws
            functions:
              api:
                handler: h
                events:
                  - httpApi:
                    method: GET
                    path: /x
            """;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.EventInvalid, error.Code);
        Assert.Equal((9, 9), (error.At.Line, error.At.Column));
        Assert.Contains("'method' beside 'httpApi:' instead of under it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HttpEventWithoutMethodOrPath_ReportsIt()
    {
        var yaml = Yaml.Service("functions:\n  f:\n    handler: h\n    events:\n      - http:\n          path: /x\n      - http:\n          method: get\n");

        var errors = _service.LoadFails(yaml).Errors;

        Assert.Equal(2, errors.Count);
        Assert.All(errors, error => Assert.Equal(ConfigErrorCodes.HttpEventIncomplete, error.Code));
        Assert.Contains("no method", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("no path", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http: /nomethod", "no method")]
    [InlineData("http: users", "no method")]
    [InlineData("http: GET", "no path")]
    [InlineData("httpApi: /nomethod", "no method ('/nomethod')")]
    [InlineData("httpApi: GET", "no path ('GET')")]
    public void Load_RouteShorthandOfOneWord_SaysWhichHalfIsMissing(string route, string missing)
    {
        var yaml = Yaml.Service($"functions:\n  f:\n    handler: h\n    events:\n      - {route}\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RouteWithAMisspeltMethodKey_PointsAtTheMisspeltKey()
    {
        var yaml = Yaml.Service(
            "functions:\n  f:\n    handler: h\n    events:\n      - http:\n          path: /b\n" +
            "          methd: get\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.HttpEventIncomplete, error.Code);
        Assert.Equal("methd", yaml.Split('\n')[error.At.Line - 1][(error.At.Column - 1)..].Split(':')[0]);
    }

    [Fact]
    public void Load_RouteWithAMisspeltMethodKey_NamesTheKeysItHasSoTheTypoShows()
    {
        var yaml = Yaml.Service(
            "functions:\n  f:\n    handler: h\n    events:\n      - httpApi:\n          mehtod: GET\n" +
            "          path: /x\n      - http:\n          mehtod: get\n          path: /y\n");

        var errors = _service.LoadFails(yaml).Errors;

        Assert.Equal(
            [ConfigErrorCodes.HttpApiEventIncomplete, ConfigErrorCodes.HttpEventIncomplete],
            errors.Select(error => error.Code));
        Assert.All(
            errors,
            error => Assert.Contains("its keys are 'mehtod', 'path'", error.Message, StringComparison.Ordinal));
        Assert.All(
            errors,
            error => Assert.StartsWith("did you mean 'method' for 'mehtod'? ", error.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RouteWithAMisspeltPathKey_SuggestsPath()
    {
        var yaml = Yaml.Service(
            "functions:\n  f:\n    handler: h\n    events:\n      - httpApi:\n          method: GET\n" +
            "          pth: /x\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.StartsWith("did you mean 'path' for 'pth'? ", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HttpEventUnknownMethod_ReportsIt()
    {
        var yaml = Yaml.Service("functions:\n  f:\n    handler: h\n    events:\n      - http: FETCH /x\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.HttpMethodInvalid, error.Code);
    }

    [Fact]
    public void Load_ServiceWithoutName_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails("provider:\n  name: aws\n").Errors);

        Assert.Equal(ConfigErrorCodes.ServiceNameMissing, error.Code);
        Assert.Equal((1, 1), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Load_ServiceNameWithSpaces_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails("service: my service\nprovider:\n  name: aws\n").Errors);

        Assert.Equal(ConfigErrorCodes.ServiceNameInvalid, error.Code);
    }

    [Fact]
    public void Load_MissingConfigFile_ReportsIt()
    {
        var path = Path.Combine(_service.Directory, "nope", "serverless.yml");

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, new ServiceLoadOptions()));

        var error = Assert.Single(exception.Errors);

        Assert.Equal(ConfigErrorCodes.ConfigFileNotFound, error.Code);
        Assert.Equal(path, error.At.File);
    }

    [Fact]
    public void Load_EmptyFile_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails("# nothing here\n").Errors);

        Assert.Equal(ConfigErrorCodes.DocumentNotMapping, error.Code);
    }

    [Fact]
    public void Load_NonAwsProvider_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails("service: a\nprovider:\n  name: azure\n").Errors);

        Assert.Equal(ConfigErrorCodes.ProviderInvalid, error.Code);
    }

    [Fact]
    public void Load_UnknownKeys_AreKeptInResolvedDocument()
    {
        var yaml = Yaml.Service("stepFunctions:\n  machines:\n    one:\n      name: ${self:service}-machine\nplugins:\n  - serverless-offline\n");

        var service = _service.Load(yaml);

        Assert.Equal("demo-machine", Yaml.Value(service, "stepFunctions.machines.one.name"));
        Assert.IsType<ConfigSequence>(service.Resolved.Find("plugins"));
    }

    [Fact]
    public void Load_RelativeConfigPath_ShowsFileAsGiven()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _service.ConfigPath);
        _service.Write("serverless.yml", Yaml.WithCustom("a: ${env:NOPE}"));

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(relative, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);

        Assert.Equal(relative, error.At.File);
    }
}
