using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

// Usage: PackagingBench <serverless.yml> <results.json> [--reuse-builds]
// --reuse-builds skips the forced full rebuild (the full package time is then not measured).
// Each run does what an unchanged service costs: the warm run must reuse every artifact, or the figure is void.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PackagingBench <serverless.yml> <results.json> [--reuse-builds]");
    return 2;
}

var configPath = Path.GetFullPath(args[0]);
var resultsPath = Path.GetFullPath(args[1]);
var reuseBuilds = args.Contains("--reuse-builds");
const int ColdStartsPerFunction = 3;

// Secrets are not what this measures: ${s3:} resolves to a fixed local value, as plain text, so the token
// functions start without a KMS or local key. Their cold start therefore leaves out secret decryption.
var service = ServiceLoader.Load(configPath, new ServiceLoadOptions
{
    ExternalSources = new Dictionary<string, IVariableSource> { ["s3"] = new BenchSecrets() },
});
var packager = new ServicePackager();
void Progress(string line) => Console.Error.WriteLine("  " + line);

Console.Error.WriteLine(reuseBuilds
    ? "Packaging (builds may be reused)..."
    : "Full package (every function rebuilt)...");
var fullTimer = Stopwatch.StartNew();
var aot = await packager.PackageAsync(
    service,
    new PackageOptions { Force = !reuseBuilds, Progress = Progress },
    default);
fullTimer.Stop();

Console.Error.WriteLine("Warm package with no change...");
var warmTimer = Stopwatch.StartNew();
var warm = await packager.PackageAsync(service, new PackageOptions { Progress = Progress }, default);
warmTimer.Stop();

var variants = new List<(string Name, PackageResult Result)> { ("nativeAot", aot) };
(string Name, PackageBuildKind Kind)[] managedVariants =
[
    ("trimmedManaged", PackageBuildKind.ManagedTrimmed),
    ("untrimmedManaged", PackageBuildKind.Managed),
];
foreach (var (name, kind) in managedVariants)
{
    Console.Error.WriteLine($"Packaging the {name} variant...");
    var output = Path.Combine(service.Directory, ".stratus", "bench", name);
    var options = new PackageOptions { OutputDirectory = output, BuildKindOverride = kind, Progress = Progress };
    variants.Add((name, await packager.PackageAsync(service, options, default)));
}

var rows = new List<Dictionary<string, object>>();
foreach (var function in service.Functions)
{
    var row = new Dictionary<string, object> { ["function"] = function.Key };
    foreach (var (name, result) in variants)
    {
        var package = result.Functions.Single(f => f.FunctionKey == function.Key);
        var build = PackagedBuild.Extract(
            service with { Functions = [function] },
            result with { Functions = [package] });
        var starts = new List<(double FirstResponse, double Init)>();
        for (var i = 0; i < ColdStartsPerFunction; i++)
        {
            starts.Add(await ColdStartAsync(service, function, build.ByFunctionKey[function.Key]));
        }

        row[name] = new Dictionary<string, object>
        {
            ["zippedBytes"] = package.ZippedSize,
            ["unzippedBytes"] = package.UnzippedSize,
            ["coldStartMs"] = Median(starts.Select(s => s.FirstResponse)),
            ["initMs"] = Median(starts.Select(s => s.Init)),
        };
    }

    rows.Add(row);
}

var report = new Dictionary<string, object>
{
    ["service"] = service.Name,
    ["coldStartsPerFunction"] = ColdStartsPerFunction,
    ["fullPackageSeconds"] = reuseBuilds ? "not measured (--reuse-builds)" : Round(fullTimer.Elapsed.TotalSeconds),
    ["warmNoChangePackageSeconds"] = Round(warmTimer.Elapsed.TotalSeconds),
    ["warmReused"] = warm.Functions.Count(f => f.Reused),
    ["functions"] = rows,
};
Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(resultsPath, json);

Console.WriteLine(FormatTable(rows));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"full package: {report["fullPackageSeconds"]} s; " +
    $"warm no-change package: {report["warmNoChangePackageSeconds"]} s " +
    $"({report["warmReused"]}/{service.Functions.Count} reused)"));
Console.WriteLine($"results: {resultsPath}");
return 0;

// Cold start as the issue defines it: process start to the first response through the Runtime API.
static async Task<(double FirstResponse, double Init)> ColdStartAsync(
    ServiceDefinition service,
    FunctionDefinition function,
    FunctionBuild build)
{
    var state = Path.Combine(service.Directory, ".stratus", "bench", "state");
    Directory.CreateDirectory(state);
    var local = new LocalFunction
    {
        Key = function.Key,
        Name = function.Name,
        Handler = function.Handler,
        ExecutablePath = build.NativeExecutablePath ?? DotnetHost.Path,
        Arguments = build.NativeExecutablePath is null ? [build.EntryAssemblyPath] : [],
        TaskRoot = build.OutputDirectory,
        Environment = new Dictionary<string, string>(function.Environment)
        {
            ["STRATUS_LOCAL"] = "true",
            ["STRATUS_STATE_DIR"] = state,
        },
        MemorySize = function.MemorySize,
        Timeout = TimeSpan.FromSeconds(30),
    };
    var options = new LocalCloudOptions
    {
        Stage = service.Stage,
        Region = service.Region,
        Functions = [local],
        Output = new Discard(),
    };

    await using var cloud = await LocalCloud.StartAsync(options, default);
    var payload = Encoding.UTF8.GetBytes("""
        {"version":"2.0","routeKey":"GET /status","rawPath":"/status","headers":{},
         "requestContext":{"http":{"method":"GET","path":"/status"}}}
        """);
    var timer = Stopwatch.StartNew();
    var result = await cloud.InvokeAsync(function.Key, payload, default);
    timer.Stop();
    if (result.Error is not null && result.InitDuration is null)
    {
        throw new InvalidOperationException(
            $"'{function.Key}' did not start: {result.ErrorType}: {result.ErrorMessage}");
    }

    return (Round(timer.Elapsed.TotalMilliseconds), Round(result.InitDuration?.TotalMilliseconds ?? 0));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static double Round(double value) => Math.Round(value, 1);

static string FormatTable(List<Dictionary<string, object>> rows)
{
    var text = new StringBuilder();
    text.AppendLine(CultureInfo.InvariantCulture,
        $"{"function",-12} {"AOT zip",9} {"trim zip",9} {"full zip",9} " +
        $"{"AOT cold",9} {"trim cold",10} {"full cold",10} {"full/AOT",9}");
    foreach (var row in rows)
    {
        double Get(string variant, string key) =>
            Convert.ToDouble(((Dictionary<string, object>)row[variant])[key], CultureInfo.InvariantCulture);
        var ratio = Get("untrimmedManaged", "coldStartMs") / Math.Max(Get("nativeAot", "coldStartMs"), 0.1);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{row["function"],-12} {Get("nativeAot", "zippedBytes") / 1048576,7:0.00}MB " +
            $"{Get("trimmedManaged", "zippedBytes") / 1048576,7:0.00}MB " +
            $"{Get("untrimmedManaged", "zippedBytes") / 1048576,7:0.00}MB {Get("nativeAot", "coldStartMs"),7:0}ms " +
            $"{Get("trimmedManaged", "coldStartMs"),8:0}ms " +
            $"{Get("untrimmedManaged", "coldStartMs"),8:0}ms {ratio,8:0.0}x");
    }

    return text.ToString();
}

/// <summary>Drops function output: the benchmark measures time, not logs.</summary>
internal sealed class Discard : IFunctionOutputSink
{
    public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
    {
    }
}

/// <summary>Answers every ${s3:} reference with one fixed value, long enough for an HS256 key.</summary>
internal sealed class BenchSecrets : IVariableSource
{
    private const string Secret = "packaging-benchmark-secret-0123456789abcdef";

    public ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(VariableSourceResult.FoundText(Secret, request.At, isSecret: true));
}
