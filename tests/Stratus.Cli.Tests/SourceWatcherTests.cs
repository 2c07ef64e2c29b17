using Microsoft.Extensions.Time.Testing;

namespace Stratus.Cli.Tests;

/// <summary>What `dev` takes for a source change: saves under the watched folders, and prebuilt artifacts.</summary>
public sealed class SourceWatcherTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-watch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task OnChanged_ServiceUnderAFolderNamedBin_IsStillReported()
    {
        var clock = new FakeTimeProvider();
        var project = Path.Combine(_folder, "bin", "svc", "src", "Fn");
        using var watcher = new SourceWatcher([], [], Quiet, clock);

        watcher.OnChanged(project, Path.Combine(project, "Texts.cs"));
        clock.Advance(Quiet);

        var reported = await watcher.WaitForChangeAsync(CancellationToken.None)
            .AsTask()
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Path.Combine(project, "Texts.cs"), reported);
    }

    [Fact]
    public void OnChanged_BuildOutputBelowTheWatchedFolder_IsIgnored()
    {
        var clock = new FakeTimeProvider();
        var project = Path.Combine(_folder, "src", "Fn");
        using var watcher = new SourceWatcher([], [], Quiet, clock);

        watcher.OnChanged(project, Path.Combine(project, "obj", "Debug", "net10.0", "Fn.AssemblyInfo.cs"));
        clock.Advance(Quiet);

        Assert.False(watcher.WaitForChangeAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    // An IDE's "move folder" renames a folder: no file inside it changes name as a file watch sees it.
    [Theory]
    [InlineData("out")]
    [InlineData("in")]
    [InlineData("renamed")]
    public async Task FolderOfSources_MovedOutInOrRenamed_IsReported(string move)
    {
        var clock = new FakeTimeProvider();
        var project = Directory.CreateDirectory(Path.Combine(_folder, "src", "Fn")).FullName;
        var inside = Path.Combine(project, "Shared");
        var outside = Path.Combine(_folder, "elsewhere");
        Directory.CreateDirectory(move == "in" ? outside : inside);
        File.WriteAllText(Path.Combine(move == "in" ? outside : inside, "Texts.cs"), "class Texts;");
        using var watcher = new SourceWatcher([project], [], Quiet, clock);

        switch (move)
        {
            case "out": Directory.Move(inside, outside); break;
            case "in": Directory.Move(outside, inside); break;
            default: Directory.Move(inside, Path.Combine(project, "Common")); break;
        }

        var reported = await ReportedAsync(watcher, clock);
        Assert.StartsWith(project, reported, StringComparison.Ordinal);
    }

    // sed -i writes a temporary file beside the source before renaming it over; the change is the source's.
    [Fact]
    public async Task FileThatIsNoSource_WrittenAfterAFolderWasMade_IsNotTakenForTheChange()
    {
        var clock = new FakeTimeProvider();
        var project = Directory.CreateDirectory(Path.Combine(_folder, "src", "Fn")).FullName;
        using var watcher = new SourceWatcher([project], [], Quiet, clock);

        var folder = Directory.CreateDirectory(Path.Combine(project, "Shared")).FullName;
        File.WriteAllText(Path.Combine(project, "sedMbrMEK"), "class Texts;");

        Assert.Equal(folder, await ReportedAsync(watcher, clock));
    }

    [Fact]
    public async Task PolledArtifact_ReplacedByOneWithTheSameSizeAndTime_IsReportedOnceItSettles()
    {
        var clock = new FakeTimeProvider();
        var zip = Path.Combine(_folder, "build", "one.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        File.WriteAllText(zip, "version-1");
        var written = File.GetLastWriteTimeUtc(zip);
        using var watcher = new SourceWatcher([], [zip], Quiet, clock);

        // As `cp -p` or `rsync -a` would bring it: a new file, same length, its write time kept.
        var replacement = zip + ".new";
        File.WriteAllText(replacement, "version-2");
        File.SetLastWriteTimeUtc(replacement, written);
        File.Move(replacement, zip, overwrite: true);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var seenWhileSettling = watcher.WaitForChangeAsync(CancellationToken.None).AsTask();
        Assert.False(seenWhileSettling.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        clock.Advance(Quiet);

        Assert.Equal(zip, await seenWhileSettling.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// The file system reports a change a moment after it happens; the fake clock is moved on by the debounce
    /// delay every 10 ms until the watcher reports one, failing the test after 30 s.
    /// </summary>
    private static async Task<string> ReportedAsync(SourceWatcher watcher, FakeTimeProvider clock)
    {
        var change = watcher.WaitForChangeAsync(CancellationToken.None).AsTask();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!change.IsCompleted)
        {
            clock.Advance(Quiet);
            await Task.WhenAny(change, Task.Delay(10, deadline.Token));
            deadline.Token.ThrowIfCancellationRequested();
        }

        return await change;
    }
}
