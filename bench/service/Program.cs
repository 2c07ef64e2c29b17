using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Stratus.Bench.Service;
using Stratus.Service;

// Resolves a generated service of 200 functions and 2,000 variable references in-process, and, as a peer measured
// in the same run, parses the same file as plain YAML without resolving anything.
const int Functions = 200;
const int WarmUp = 20;
const int Runs = 100;

var output = args.Length > 0 ? args[0] : Path.Combine("bench", "results", "service.json");
var directory = Path.Combine(
    Path.GetTempPath(),
    "stratus-bench-service",
    Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(directory);
var configPath = Path.Combine(directory, "serverless.yml");
var yaml = GeneratedService.Yaml(Functions);
File.WriteAllText(configPath, yaml);

var options = new ServiceLoadOptions
{
    Stage = "dev",
    Options = new Dictionary<string, string> { ["stage"] = "dev" },
    Environment = new Dictionary<string, string>(),
    InstanceId = "bench",
};

var check = ServiceLoader.Load(configPath, options);
if (check.Functions.Count != Functions || check.Resolved.Find("functions.fn7.environment.TABLE") is not ConfigScalar
    {
        Value: "bench-dev-table",
    })
{
    throw new InvalidOperationException("The generated service did not resolve as expected.");
}

var resolve = Measure(() => ServiceLoader.Load(configPath, options));
var parse = Measure(() => ConfigYaml.Parse(File.ReadAllText(configPath), configPath));
Directory.Delete(directory, recursive: true);

var result = new Dictionary<string, object>
{
    ["functions"] = Functions,
    ["variableReferences"] = Functions * GeneratedService.ReferencesPerFunction,
    ["warmUpRuns"] = WarmUp,
    ["measuredRuns"] = Runs,
    ["resolveMedianMs"] = resolve.Median,
    ["resolveP95Ms"] = resolve.P95,
    ["resolveMinMs"] = resolve.Min,
    ["peer"] = "ConfigYaml.Parse of the same file (YAML with positions, no variables resolved)",
    ["peerMedianMs"] = parse.Median,
    ["ratioToPeer"] = Math.Round(resolve.Median / parse.Median, 2),
    ["targetMs"] = 100,
    ["meetsTarget"] = resolve.Median < 100,
};
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, json + "\n");

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"resolve {Functions} functions / {Functions * GeneratedService.ReferencesPerFunction} references: " +
    $"median {resolve.Median:0.00} ms, p95 {resolve.P95:0.00} ms, min {resolve.Min:0.00} ms (target < 100 ms)"));
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"peer, plain YAML parse of the same file: median {parse.Median:0.00} ms; " +
    $"ratio {resolve.Median / parse.Median:0.00}x"));
Console.WriteLine($"written to {output}");

static (double Median, double P95, double Min) Measure(Action action)
{
    for (var i = 0; i < WarmUp; i++)
    {
        action();
    }

    var samples = new double[Runs];
    for (var i = 0; i < Runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(samples);
    return (Round(samples[Runs / 2]), Round(samples[(int)(Runs * 0.95)]), Round(samples[0]));
}

static double Round(double value) => Math.Round(value, 3);
