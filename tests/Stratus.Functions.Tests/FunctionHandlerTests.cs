using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class FunctionHandlerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExecuteAsync_Success_LogsStartAndEndWithRequestIdAndDuration()
    {
        var clock = new FakeTimeProvider(Start);
        var handler = new TimedHandler(clock, TimeSpan.FromMilliseconds(1500));
        var context = new TestLambdaContext { AwsRequestId = "req-1", FunctionName = "timed", TimeProvider = clock };

        var result = await handler.ExecuteAsync(new Greeting("ada"), context);

        Assert.Equal("hi ada", result.Message);
        Assert.Collection(
            context.Logs,
            start =>
            {
                Assert.Equal(LogLevel.Debug, start.Level);
                Assert.Equal(4001, start.EventId.Id);
                Assert.Equal("Function timed started request req-1", start.Message);
            },
            end =>
            {
                Assert.Equal(4002, end.EventId.Id);
                Assert.Equal("req-1", end.Properties["RequestId"]);
                Assert.Equal("timed", end.Properties["FunctionName"]);
                Assert.Equal(1500.0, end.Properties["DurationMs"]);
            });
    }

    [Fact]
    public async Task ExecuteAsync_HandlerThrows_LogsFailedEndAndRethrows()
    {
        var clock = new FakeTimeProvider(Start);
        var handler = new TimedHandler(clock, TimeSpan.FromMilliseconds(20));
        var context = new TestLambdaContext { AwsRequestId = "req-2", TimeProvider = clock };

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => handler.ExecuteAsync(new Greeting("boom"), context));

        Assert.Equal("The greeting exploded.", exception.Message);
        var end = context.Logs[^1];
        Assert.Equal(4003, end.EventId.Id);
        Assert.Equal(20.0, end.Properties["DurationMs"]);
        Assert.Null(end.Exception);
    }

    [Fact]
    public async Task InvokeAsync_JsonEvent_ReturnsJsonResult()
    {
        var handler = new TimedHandler(new FakeTimeProvider(Start), TimeSpan.Zero);

        var result = await handler.InvokeAsync("""{"name":"ada"}"""u8.ToArray(), new TestLambdaContext(), default);

        Assert.Equal("""{"message":"hi ada"}""", Encoding.UTF8.GetString(result.Span));
    }

    [Theory]
    [InlineData("""{"name":42}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task InvokeAsync_EventDoesNotFit_ThrowsInvalidEventExceptionNamingTheType(string payload)
    {
        var handler = new TimedHandler(new FakeTimeProvider(Start), TimeSpan.Zero);

        var exception = await Assert.ThrowsAsync<InvalidEventException>(
            () => handler.InvokeAsync(Encoding.UTF8.GetBytes(payload), new TestLambdaContext(), default));

        Assert.Contains("'Stratus.Functions.Tests.Support.Greeting'", exception.Message);
        Assert.Contains("TimedHandler", exception.Message);
        Assert.Equal("Stratus.Functions.Tests.Support.Greeting", exception.ExpectedEventType);
    }

    [Fact]
    public async Task InvokeAsync_NullEvent_ThrowsInvalidEventException()
    {
        var handler = new TimedHandler(new FakeTimeProvider(Start), TimeSpan.Zero);

        var exception = await Assert.ThrowsAsync<InvalidEventException>(
            () => handler.InvokeAsync("null"u8.ToArray(), new TestLambdaContext(), default));

        Assert.Contains("JSON null", exception.Message);
    }

    [Fact]
    public async Task InvokeAsync_BadEvent_DoesNotCallTheHandler()
    {
        var handler = new TimedHandler(new FakeTimeProvider(Start), TimeSpan.Zero);
        var context = new TestLambdaContext();

        await Assert.ThrowsAsync<InvalidEventException>(
            () => handler.InvokeAsync("""{"name":false}"""u8.ToArray(), context, default));

        Assert.Empty(context.Logs);
    }

    // AWS's .NET serializers read events case-insensitively: a camelCase AWS event fills a PascalCase record.
    [Theory]
    [InlineData("""{"name":"ada"}""")]
    [InlineData("""{"NAME":"ada"}""")]
    [InlineData("""{"Name":"ada"}""")]
    public async Task InvokeAsync_ContextWithDefaultOptions_MatchesEventNamesWhateverTheirCase(string payload)
    {
        var handler = new DefaultOptionsHandler();

        var result = await handler.InvokeAsync(Encoding.UTF8.GetBytes(payload), new TestLambdaContext(), default);

        Assert.Equal("""{"Message":"hi ada"}""", Encoding.UTF8.GetString(result.Span));
    }

    /// <summary>Reads and writes through a context with System.Text.Json's default options.</summary>
    private sealed class DefaultOptionsHandler : FunctionHandler<Greeting, GreetingReply>
    {
        protected override JsonTypeInfo<Greeting> EventTypeInfo => DefaultOptionsJsonContext.Default.Greeting;

        protected override JsonTypeInfo<GreetingReply> ResultTypeInfo =>
            DefaultOptionsJsonContext.Default.GreetingReply;

        protected override Task<GreetingReply> HandleAsync(
            Greeting input,
            ILambdaContext context,
            CancellationToken cancellationToken) =>
            Task.FromResult(new GreetingReply($"hi {input.Name}"));
    }

    /// <summary>Takes a set time on a fake clock, so the logged duration is exact.</summary>
    private sealed class TimedHandler : FunctionHandler<Greeting, GreetingReply>
    {
        private readonly FakeTimeProvider _clock;
        private readonly TimeSpan _takes;

        public TimedHandler(FakeTimeProvider clock, TimeSpan takes)
        {
            _clock = clock;
            _takes = takes;
        }

        protected override JsonTypeInfo<Greeting> EventTypeInfo => TestJsonContext.Default.Greeting;

        protected override JsonTypeInfo<GreetingReply> ResultTypeInfo => TestJsonContext.Default.GreetingReply;

        protected override Task<GreetingReply> HandleAsync(
            Greeting input,
            ILambdaContext context,
            CancellationToken cancellationToken)
        {
            _clock.Advance(_takes);
            return input.Name == "boom"
                ? throw new InvalidOperationException("The greeting exploded.")
                : Task.FromResult(new GreetingReply($"hi {input.Name}"));
        }
    }
}
