using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>What `dev` hands the local cloud for each function of serverless.yml.</summary>
public sealed class LocalCloudMapperTests : IDisposable
{
    private readonly TempServiceFile _service = new("stratus-mapper-");

    public void Dispose() => _service.Dispose();

    // invocation-async-error-handling.html: by default two retries and an event age of 6 hours; the framework's
    // function keys maximumRetryAttempts and maximumEventAge change them.
    [Fact]
    public void ToOptions_AsyncRetrySettings_ReachTheFunctionsWithLambdaDefaultsWhenUnset()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              once:
                handler: Jobs::Jobs.Once::Handle
                maximumRetryAttempts: 0
                maximumEventAge: 300
              plain:
                handler: Jobs::Jobs.Plain::Handle
            """);

        var options = OptionsOf(service);

        var once = options.Functions.Single(function => function.Key == "once");
        var plain = options.Functions.Single(function => function.Key == "plain");
        Assert.Equal((0, TimeSpan.FromMinutes(5)), (once.MaximumRetryAttempts, once.MaximumEventAge));
        Assert.Equal((2, TimeSpan.FromHours(6)), (plain.MaximumRetryAttempts, plain.MaximumEventAge));
    }

    [Theory]
    [InlineData("", RestApiEndpointType.Edge)]
    [InlineData("  endpointType: REGIONAL\n", RestApiEndpointType.Regional)]
    [InlineData("  endpointType: private\n", RestApiEndpointType.Private)]
    public void ToOptions_ProviderEndpointType_SetsTheRestApiEndpointType(string setting, RestApiEndpointType expected)
    {
        var service = Load("service: jobs\nprovider:\n  name: aws\n" + setting);

        var options = OptionsOf(service);

        Assert.Equal(expected, options.RestApiEndpointType);
    }

    // The framework (3.40, schedule.js) parses a text 'body' of a schedule's input as JSON before it writes the
    // rule: after a deploy the function gets {"body": {"a": 1}}, not the text.
    [Fact]
    public void ToOptions_ScheduleInputWithATextBody_SendsTheBodyParsedAsJson()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      input:
                        body: '{"a": 1, "b": [true]}'
            """);

        var options = OptionsOf(service);

        var schedule = Assert.Single(options.Functions.Single().Schedules);
        Assert.Equal("""{"body":{"a":1,"b":[true]}}""", schedule.Input);
    }

    // JSON.stringify, which writes the framework's input, leaves '<', '&' and non-ASCII text as it is; escaped, a
    // Scheduler placeholder such as <aws.scheduler.scheduled-time> would no longer be found to fill.
    [Fact]
    public void ToOptions_ScheduleInputWithATextBody_KeepsPlaceholdersAndTextAsWritten()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
                events:
                  - schedule:
                      rate: rate(5 minutes)
                      method: scheduler
                      input:
                        body: '{"at": "<aws.scheduler.scheduled-time>", "name": "café & co"}'
                        note: héllo <x>
            """);

        var options = OptionsOf(service);

        var schedule = Assert.Single(options.Functions.Single().Schedules);
        Assert.Equal(
            """{"body":{"at":"<aws.scheduler.scheduled-time>","name":"café & co"},"note":"héllo <x>"}""",
            schedule.Input);
    }

    // The framework's invoke local sets AWS_PROFILE to provider.profile over the shell's; a function that sets
    // its own keeps it.
    [Theory]
    [InlineData("", "team-dev")]
    [InlineData("    environment:\n      AWS_PROFILE: own\n", "own")]
    public void ToOptions_ProviderProfile_IsTheFunctionsAwsProfile(string functionEnvironment, string expected)
    {
        var service = Load($"""
            service: jobs
            provider:
              name: aws
              profile: team-dev
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
            {functionEnvironment}
            """);

        var options = OptionsOf(service);

        Assert.Equal(expected, options.Functions.Single().Environment["AWS_PROFILE"]);
    }

    // Serverless Framework 3.40, api-gateway/lib/validate.js getCors: 'origin' defaults to '*' and is dropped when
    // 'origins' is given; cors.js sends 'origin' as written and templates only 'origins'.
    [Fact]
    public void ToOptions_RestCorsOriginAndOrigins_ReachTheRouteApartAsTheFrameworkKeepsThem()
    {
        var service = Load("""
            service: site
            provider:
              name: aws
            functions:
              web:
                handler: Site::Site.Web::Handle
                events:
                  - http: { method: get, path: a, cors: true }
                  - http: { method: get, path: b, cors: { origin: 'https://*.example.com' } }
                  - http: { method: get, path: c, cors: { origins: ['https://*.example.com'] } }
            """);

        var routes = OptionsOf(service).Functions.Single().Routes;

        Assert.Equal(("*", 0), (routes[0].Cors!.Origin, routes[0].Cors!.AllowedOrigins.Count));
        Assert.Equal(("https://*.example.com", 0), (routes[1].Cors!.Origin, routes[1].Cors!.AllowedOrigins.Count));
        Assert.Null(routes[2].Cors!.Origin);
        Assert.Equal(["https://*.example.com"], routes[2].Cors!.AllowedOrigins);
    }

    [Fact]
    public void ToOptions_DisabledSchedule_IsNotServed()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
                events:
                  - schedule: rate(5 minutes)
                  - schedule:
                      rate: rate(1 minute)
                      enabled: false
            """);

        var options = OptionsOf(service);

        var schedule = Assert.Single(options.Functions.Single().Schedules);
        Assert.Equal("rate(5 minutes)", schedule.Expression.Text);
    }

    // Handlers written for the framework's tools check these: serverless-offline sets IS_OFFLINE for its server,
    // and the framework's `invoke local` sets IS_LOCAL (lib/plugins/aws/invoke-local, "should set IS_LOCAL").
    [Theory]
    [InlineData(false, "IS_OFFLINE", "IS_LOCAL")]
    [InlineData(true, "IS_LOCAL", "IS_OFFLINE")]
    public void ToOptions_DevOrInvokeLocal_SetsTheMarkerTheFrameworksToolSets(
        bool invokeLocal, string set, string unset)
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
            """);

        var run = invokeLocal ? LocalRun.InvokeLocal : LocalRun.Dev;
        var environment = OptionsOf(service, run).Functions.Single().Environment;

        Assert.Equal("true", environment[set]);
        Assert.False(environment.ContainsKey(unset));
        Assert.Equal("true", environment[LocalCloudMapper.LocalMarkerVariable]);
    }

    [Fact]
    public void ToOptions_FunctionSetsTheMarkerItself_KeepsItsOwnValue()
    {
        var service = Load("""
            service: jobs
            provider:
              name: aws
              environment:
                IS_OFFLINE: 'no'
            functions:
              tick:
                handler: Jobs::Jobs.Tick::Handle
            """);

        var environment = OptionsOf(service).Functions.Single().Environment;

        Assert.Equal("no", environment["IS_OFFLINE"]);
    }

    private LocalCloudOptions OptionsOf(ServiceDefinition service, LocalRun run = LocalRun.Dev) =>
        LocalCloudMapper.ToOptions(
            service, BuildOf(service), port: 0, new NoOutput(), NullLoggerFactory.Instance, run);

    private ServiceBuild BuildOf(ServiceDefinition service)
    {
        var output = Path.Combine(_service.Folder, "bin");
        var functions = service.Functions.ToDictionary(
            function => function.Key,
            function => new FunctionBuild("Jobs", Path.Combine(_service.Folder, "Jobs.csproj"), output, "Jobs.dll"));
        return new ServiceBuild(functions, "managed Debug build");
    }

    private ServiceDefinition Load(string yaml) => _service.Load(yaml);

    private sealed class NoOutput : IFunctionOutputSink
    {
        public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
        {
        }
    }
}
