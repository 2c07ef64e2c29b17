namespace Stratus.Local.Tests.Support;

/// <summary>Keeps every function output line and lets a test await a line it expects.</summary>
internal sealed class RecordingSink : IFunctionOutputSink
{
    // Each line as the console shows it ("[function] text") and as waiters see it (the text alone).
    private readonly Recorded<(string Shown, string Text)> _lines = new();
    private int _concurrentCalls;

    /// <summary>Whether two calls ever overlapped, which the sink contract forbids.</summary>
    public bool SawOverlappingCalls { get; private set; }

    public IReadOnlyList<string> Lines => [.. _lines.Items.Select(line => line.Shown)];

    public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
    {
        if (Interlocked.Increment(ref _concurrentCalls) > 1)
        {
            SawOverlappingCalls = true;
        }

        _lines.Add(($"[{functionKey}] {line}", line));
        Interlocked.Decrement(ref _concurrentCalls);
    }

    /// <summary>Awaits the first line, written or still to come, that satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate) =>
        (await _lines.WaitForAsync(line => predicate(line.Text))).Text;

    /// <summary>Awaits the first line as the console shows it, "[function] text", that satisfies the predicate.</summary>
    public async Task<string> WaitForShownLineAsync(Func<string, bool> predicate) =>
        (await _lines.WaitForAsync(line => predicate(line.Shown))).Shown;

    /// <summary>Awaits <paramref name="count"/> distinct lines that satisfy <paramref name="predicate"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<string, bool> predicate, int count)
    {
        var seen = new List<string>();
        while (seen.Count < count)
        {
            seen.Add(await WaitForLineAsync(line => predicate(line) && !seen.Contains(line)));
        }

        return seen;
    }
}
