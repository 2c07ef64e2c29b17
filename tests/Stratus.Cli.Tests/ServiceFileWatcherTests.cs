using Microsoft.Extensions.Time.Testing;

namespace Stratus.Cli.Tests;

/// <summary>`stratus dev` says when serverless.yml is saved, once per burst of saves.</summary>
public sealed class ServiceFileWatcherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-config-watch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Save_OfTheServiceFile_CallsBackOnce()
    {
        var config = Path.Combine(_folder, "serverless.yml");
        await File.WriteAllTextAsync(config, "service: a\n");
        var notices = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new ServiceFileWatcher(config, () => notices.TrySetResult(), TimeProvider.System);

        await File.WriteAllTextAsync(config, "service: b\n");

        await notices.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Save_OfAnotherFileInTheFolder_IsIgnored()
    {
        var config = Path.Combine(_folder, "serverless.yml");
        await File.WriteAllTextAsync(config, "service: a\n");
        var calls = 0;
        var configSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new ServiceFileWatcher(
            config,
            () =>
            {
                Interlocked.Increment(ref calls);
                configSaved.TrySetResult();
            },
            TimeProvider.System);

        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.txt"), "x");
        await File.WriteAllTextAsync(config, "service: b\n");
        await configSaved.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The other file was written first; had it counted, the config save would fall in its quiet period.
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public void OnChanged_BurstWithinTheQuietPeriod_CallsBackOnceThenAgainAfterIt()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        using var watcher = new ServiceFileWatcher(
            Path.Combine(_folder, "serverless.yml"),
            () => calls++,
            clock);

        watcher.OnChanged();
        clock.Advance(TimeSpan.FromMilliseconds(500));
        watcher.OnChanged();
        clock.Advance(TimeSpan.FromSeconds(3));
        watcher.OnChanged();

        Assert.Equal(2, calls);
    }
}
