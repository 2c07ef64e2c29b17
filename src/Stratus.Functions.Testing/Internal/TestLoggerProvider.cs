using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Testing.Internal;

/// <summary>Gives every logger of a <see cref="FunctionTestHost"/> the same recording sink.</summary>
internal sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly TestLogSink _sink;

    public TestLoggerProvider(TestLogSink sink) => _sink = sink;

    public ILogger CreateLogger(string categoryName) => new TestLogger(categoryName, _sink);

    public void Dispose()
    {
    }
}
