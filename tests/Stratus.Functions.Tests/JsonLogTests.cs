using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

public sealed class JsonLogTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

    [Fact]
    public void Log_InsideInvocation_WritesOneJsonLineWithFixedAndNamedFields()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);

        using (InvocationScope.Begin("req-1"))
        {
            Information(logger, "Created user {UserId} in {DurationMs} ms", 42, 1.5);
        }

        Assert.Equal(
            """{"timestamp":"2025-03-01T12:30:45.123Z","level":"Information","message":"Created user 42 in 1.5 ms","category":"Users.CreateUser","requestId":"req-1","functionName":"users-fn","userId":42,"durationMs":1.5}"""
            + "\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Log_Exception_WritesTypeMessageAndStackInExceptionField()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);

        logger.LogError(Thrown(), "Saving failed");

        var line = SingleLine(output);
        Assert.Equal("Error", line.GetProperty("level").GetString());
        Assert.StartsWith("System.InvalidOperationException: disk full", line.GetProperty("exception").GetString());
        Assert.False(line.TryGetProperty("requestId", out _));
    }

    [Fact]
    public void Log_BelowMinimumLevel_WritesNothing()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Warning);

        logger.LogInformation("Quiet");
        logger.LogDebug("Quieter");

        Assert.Equal(0, output.Length);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void Log_TemplateNamesReservedField_WritesItOnce()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);

        using (InvocationScope.Begin("req-scope"))
        {
            Information(logger, "Handling {RequestId} with {Level}", "req-template", "high");
        }

        var line = SingleLine(output);
        Assert.Equal("req-scope", line.GetProperty("requestId").GetString());
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal(1, CountProperties(line, "requestId"));
        Assert.Equal(1, CountProperties(line, "level"));
    }

    [Fact]
    public void Log_TemplateRequestIdOutsideInvocation_UsesTheTemplateValue()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);

        Information(logger, "Function {FunctionName} started request {RequestId}", "f", "req-9");

        var line = SingleLine(output);
        Assert.Equal("req-9", line.GetProperty("requestId").GetString());
        Assert.Equal("users-fn", line.GetProperty("functionName").GetString());
        Assert.Equal(1, CountProperties(line, "functionName"));
    }

    [Fact]
    public void Log_ThroughLoggerFactoryWithScope_WritesScopeValues()
    {
        using var output = new MemoryStream();
        var clock = new FakeTimeProvider(Now);
        using var provider = new JsonLoggerProvider(output, clock, "users-fn", LogLevel.Information);
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(provider))
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILogger<JsonLogTests>>();

        using (logger.BeginScope(new Dictionary<string, object?> { ["TenantId"] = "t-1" }))
        {
            logger.LogWarning("Quota at {Percent}%", 91);
        }

        var line = SingleLine(output);
        Assert.Equal("t-1", line.GetProperty("tenantId").GetString());
        Assert.Equal(91, line.GetProperty("percent").GetInt32());
        Assert.Equal("Stratus.Functions.Tests.JsonLogTests", line.GetProperty("category").GetString());
    }

    [Fact]
    public void Log_MessageWithQuotesAndNewlines_StaysOnOneLine()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);

        logger.LogInformation("Line one\nLine \"two\" <b>&</b>");

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("""Line one\nLine \"two\" <b>&</b>""", text);
    }

    [Fact]
    public void Log_ValuesOfManyTypes_AreWrittenAsJsonTypes()
    {
        using var output = new MemoryStream();
        var logger = CreateLogger(output, LogLevel.Information);
        var id = Guid.Parse("9f1c2a3b-0000-4000-8000-000000000001");

        Information(
            logger,
            "{Flag} {Big} {Ratio} {NotANumber} {When} {Id} {Missing} {Level}",
            true,
            ulong.MaxValue,
            0.25m,
            double.NaN,
            Now,
            id,
            null,
            LogLevel.Warning);

        var line = SingleLine(output);
        Assert.True(line.GetProperty("flag").GetBoolean());
        Assert.Equal(ulong.MaxValue, line.GetProperty("big").GetUInt64());
        Assert.Equal(0.25m, line.GetProperty("ratio").GetDecimal());
        Assert.Equal("NaN", line.GetProperty("notANumber").GetString());
        Assert.Equal(Now, line.GetProperty("when").GetDateTimeOffset());
        Assert.Equal(id, line.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("missing").ValueKind);
    }

    [Theory]
    [InlineData(null, null, LogLevel.Information, null)]
    [InlineData("Debug", "ERROR", LogLevel.Debug, null)]
    [InlineData(null, "WARN", LogLevel.Warning, null)]
    [InlineData(null, "FATAL", LogLevel.Critical, null)]
    [InlineData(null, "trace", LogLevel.Trace, null)]
    [InlineData("loud", "DEBUG", LogLevel.Information, "STRATUS_LOG_LEVEL")]
    [InlineData("", "INFO", LogLevel.Information, null)]
    public void Resolve_Variables_PickTheLevel(string? stratus, string? aws, LogLevel expected, string? invalid)
    {
        var variables = new Dictionary<string, string>();
        if (stratus is not null)
        {
            variables["STRATUS_LOG_LEVEL"] = stratus;
        }

        if (aws is not null)
        {
            variables["AWS_LAMBDA_LOG_LEVEL"] = aws;
        }

        var level = LogLevels.Resolve(variables, out var invalidVariable);

        Assert.Equal(expected, level);
        Assert.Equal(invalid, invalidVariable);
    }

    // Logs through the extension method users call, with values boxed into an array as it does.
    [SuppressMessage(
        "Usage",
        "CA2254:Template should be a static expression",
        Justification = "Each test passes its own constant template through this helper.")]
    private static void Information(ILogger logger, string template, params object?[] values) =>
        logger.LogInformation(template, values);

    private static ILogger CreateLogger(Stream output, LogLevel minimum)
    {
        var provider = new JsonLoggerProvider(output, new FakeTimeProvider(Now), "users-fn", minimum);
        return provider.CreateLogger("Users.CreateUser");
    }

    private static JsonElement SingleLine(MemoryStream output)
    {
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return JsonDocument.Parse(Assert.Single(lines)).RootElement.Clone();
    }

    private static int CountProperties(JsonElement line, string name) =>
        line.EnumerateObject().Count(property => property.Name == name);

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("disk full");
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }
}
