namespace Stratus.Local.Tests.Support;

/// <summary>Functions backed by the strict fixture runtime (tests/Stratus.Local.TestRuntime).</summary>
internal static class TestFunctions
{
    public static string RuntimeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "testruntime");

    public static string RuntimeDll { get; } = Path.Combine(RuntimeDirectory, "Stratus.Local.TestRuntime.dll");

    // The dotnet CLI tells the processes it starts where its host is; fall back to PATH otherwise.
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>A function whose process runs the fixture runtime with behaviour <paramref name="handler"/>.</summary>
    public static LocalFunction Create(string key, string handler, params LocalRoute[] routes)
    {
        if (!File.Exists(RuntimeDll))
        {
            throw new InvalidOperationException(
                $"The fixture runtime is missing at '{RuntimeDll}'; " +
                "build tests/Stratus.Local.Tests, which copies it there.");
        }

        return new LocalFunction
        {
            Key = key,
            Name = "svc-dev-" + key,
            Handler = handler,
            ExecutablePath = DotnetHost,
            Arguments = [RuntimeDll],
            TaskRoot = RuntimeDirectory,
            Routes = routes,
        };
    }

    /// <summary>
    /// A function whose init holds until its process is ended: the first init only, or every init when
    /// <paramref name="holdAlways"/>. The first init leaves a marker file in <paramref name="scratch"/>.
    /// </summary>
    public static LocalFunction SlowInit(string scratch, bool holdAlways)
    {
        var environment = new Dictionary<string, string>
        {
            ["STRATUS_TEST_INIT_MARKER"] = Path.Combine(scratch, $"init-{Guid.NewGuid():N}"),
        };
        if (holdAlways)
        {
            environment["STRATUS_TEST_INIT_HOLD_ALWAYS"] = "1";
        }

        return Create("slow", "slow-init") with { Timeout = TimeSpan.FromSeconds(3), Environment = environment };
    }

    public static LocalRoute Rest(string method, string path) => new(ApiKind.RestApi, method, path);

    public static LocalRoute Http(string method, string path, string payloadVersion = "2.0") =>
        new(ApiKind.HttpApi, method, path, payloadVersion);
}
