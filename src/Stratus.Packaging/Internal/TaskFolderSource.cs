namespace Stratus.Packaging.Internal;

/// <summary>
/// The task folder each new process of one packaged function starts from: the build's unzip while it is whole and
/// unchanged, else a fresh one, as every Lambda execution environment starts from the deployed package.
/// </summary>
/// <remarks>
/// The unzip is read-only, but a function running as root (or one that gave itself write permission) can still
/// change it, and a process started after that would see the change. The check before each start costs well under
/// a millisecond (see <see cref="TaskFolder"/>). The changed unzip stays for the processes that run from it, and
/// goes with the build.
/// </remarks>
internal sealed class TaskFolderSource(string runRoot, FunctionPackage package, FolderLease first) : IFolderHold
{
    private readonly Lock _gate = new();
    private readonly List<FolderLease> _held = [first];
    private FolderLease _current = first;

    /// <summary>The folder the next process starts from.</summary>
    public string ForNewProcess()
    {
        lock (_gate)
        {
            if (!TaskFolder.IsIntact(_current.Folder))
            {
                _current = TaskFolder.Hold(runRoot, package);
                _held.Add(_current);
            }

            return _current.Folder;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _held.ForEach(lease => lease.Dispose());
        }
    }

    public void Retire()
    {
        lock (_gate)
        {
            _held.ForEach(lease => lease.Retire());
        }
    }
}
