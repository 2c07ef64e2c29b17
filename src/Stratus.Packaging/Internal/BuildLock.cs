namespace Stratus.Packaging.Internal;

/// <summary>
/// Serializes builds across `stratus` processes of one user: two builds of projects that share a
/// library (Stratus.Functions, say) write the same obj/ folder, which MSBuild does not guard.
/// </summary>
internal sealed class BuildLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaximumWait = TimeSpan.FromMinutes(10);

    private readonly FileStream _handle;

    private BuildLock(FileStream handle) => _handle = handle;

    public static async Task<BuildLock> AcquireAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratus-build-{Environment.UserName}.lock");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MaximumWait);

        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive, non-blocking lock; the OS drops it if we die.
                return new BuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
