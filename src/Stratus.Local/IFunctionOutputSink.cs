namespace Stratus.Local;

/// <summary>Receives every line a function process writes to stdout or stderr.</summary>
/// <remarks>
/// The local cloud calls <see cref="WriteLine"/> for one line at a time and never from two threads at once,
/// so an implementation can write to a console without its own locking.
/// </remarks>
public interface IFunctionOutputSink
{
    /// <summary>Handles one complete line written by an instance of function <paramref name="functionKey"/>.</summary>
    /// <param name="functionKey">The serverless.yml key of the function that wrote the line.</param>
    /// <param name="stream">The stream the line was written to.</param>
    /// <param name="line">The line, without its line break.</param>
    void WriteLine(string functionKey, FunctionOutputStream stream, string line);

    /// <summary>
    /// Writes out any lines the sink holds back, called before the local cloud reports a process's exit, timeout
    /// or memory kill, so that the function's last lines come before the report of what ended them. It may run
    /// while <see cref="WriteLine"/> runs on another thread; the local cloud waits for it only a moment.
    /// </summary>
    void Flush()
    {
    }
}
