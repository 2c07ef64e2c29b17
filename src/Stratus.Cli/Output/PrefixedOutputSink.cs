using Stratus.Local;

namespace Stratus.Cli.Output;

/// <summary>Writes each function's output lines prefixed with its name, one whole line at a time.</summary>
internal sealed class PrefixedOutputSink(TextWriter writer) : IFunctionOutputSink
{
    private readonly Lock _gate = new();

    public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
    {
        var text = $"[{functionKey}] {FunctionLogLine.Render(line)}";

        // Processes write concurrently; the lock keeps a line of one function from splitting another's.
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
