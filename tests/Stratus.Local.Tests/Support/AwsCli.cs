using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace Stratus.Local.Tests.Support;

/// <summary>
/// The real AWS CLI, pointed at a local cloud, with dummy credentials and empty config files in its own
/// environment only, so it can reach nothing but 127.0.0.1 and uses nothing of the machine's AWS setup.
/// </summary>
internal sealed class AwsCli : IDisposable
{
    // Generous for one CLI call (Python starts in about a second), short enough that a hung call fails the test.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static readonly Lazy<Task<int>> InstalledMajorVersion = new(ReadMajorVersionAsync);

    private readonly string _executable;
    private readonly Uri _endpoint;
    private readonly string _region;

    private AwsCli(string executable, int majorVersion, Uri endpoint, string region)
    {
        _executable = executable;
        MajorVersion = majorVersion;
        _endpoint = endpoint;
        _region = region;
        Folder = Directory.CreateTempSubdirectory("stratus-awscli-").FullName;
        File.WriteAllText(ConfigFile, string.Empty);
        File.WriteAllText(CredentialsFile, string.Empty);
    }

    /// <summary>1 or 2: the two take blob arguments such as <c>--payload</c> differently.</summary>
    public int MajorVersion { get; }

    /// <summary>A temp folder for the CLI's HOME, its config files and the files a test writes or reads.</summary>
    public string Folder { get; }

    private string ConfigFile => Path.Combine(Folder, "config");

    private string CredentialsFile => Path.Combine(Folder, "credentials");

    /// <summary>Finds <c>aws</c> on the PATH; fails the test, never skips it, when it is missing.</summary>
    public static async Task<AwsCli> ForAsync(TestCloud test)
    {
        var executable = Executable();

        var majorVersion = await InstalledMajorVersion.Value;
        return new AwsCli(executable, majorVersion, test.Cloud.BaseAddress, TestCloud.Region);
    }

    /// <summary>
    /// The arguments that pass <paramref name="json"/> as <c>--payload</c>: version 2 reads a blob argument as
    /// base64 unless told otherwise, and version 1 knows no such option and sends the text as it is.
    /// </summary>
    public IEnumerable<string> Payload(string json) =>
        MajorVersion >= 2
            ? ["--cli-binary-format", "raw-in-base64-out", "--payload", json]
            : ["--payload", json];

    /// <summary>The full path of <paramref name="fileName"/> in <see cref="Folder"/>.</summary>
    public string PathOf(string fileName) => Path.Combine(Folder, fileName);

    /// <summary>
    /// Runs <c>aws ARGS --endpoint-url LOCAL --output json</c>; kills it by pid if it outlives the limit.
    /// </summary>
    public Task<AwsCliResult> RunAsync(params IEnumerable<string> arguments) =>
        RunAsync(withEndpoint: true, arguments);

    private async Task<AwsCliResult> RunAsync(bool withEndpoint, params IEnumerable<string> arguments)
    {
        using var process = new Process { StartInfo = StartInfo(arguments, withEndpoint) };
        process.Start();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var processId = process.Id;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail(
                $"'aws {string.Join(' ', arguments)}' still ran after {Limit.TotalSeconds} s; " +
                $"killed it (pid {processId}). Its stderr: {await standardError}");
        }

        return new AwsCliResult(process.ExitCode, await standardOutput, await standardError);
    }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments, bool withEndpoint)
    {
        var startInfo = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (withEndpoint)
        {
            startInfo.ArgumentList.Add("--endpoint-url");
            startInfo.ArgumentList.Add(_endpoint.GetLeftPart(UriPartial.Authority));
            startInfo.ArgumentList.Add("--output");
            startInfo.ArgumentList.Add("json");
        }

        SetIsolatedEnvironment(startInfo.Environment);
        return startInfo;
    }

    // Whatever AWS settings the machine has (profiles, real keys, another endpoint) must not reach the child:
    // the test checks Stratus's answers, and nothing may leave 127.0.0.1.
    private void SetIsolatedEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(IsAwsSetting).ToList())
        {
            environment.Remove(name);
        }

        environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        environment["AWS_SECRET_ACCESS_KEY"] = "not-a-real-secret-key-for-the-local-cloud";
        environment["AWS_DEFAULT_REGION"] = _region;
        environment["AWS_REGION"] = _region;
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_CONFIG_FILE"] = ConfigFile;
        environment["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile;
        environment["AWS_PAGER"] = string.Empty;
        environment["AWS_CLI_AUTO_PROMPT"] = "off";

        // One attempt: a retried call would hide an answer the CLI did not accept the first time.
        environment["AWS_MAX_ATTEMPTS"] = "1";
        environment["HOME"] = Folder;
    }

    private static string Executable()
    {
        var executable = FindOnPath("aws");
        if (executable is null)
        {
            Assert.Fail(
                "The AWS CLI ('aws') is not on the PATH, and the Invoke API compatibility tests need it as the " +
                "reference client. eng/install-test-tools.sh installs it (Debian package awscli); " +
                "run ./eng/test.sh or that script first.");
        }

        return executable;
    }

    // "aws-cli/2.9.19 Python/3.11.2 ..." on stdout; version 1 releases before 1.18 printed it on stderr.
    private static async Task<int> ReadMajorVersionAsync()
    {
        using var probe = new AwsCli(Executable(), majorVersion: 0, new Uri("http://127.0.0.1/"), "us-east-1");
        var result = await probe.RunAsync(withEndpoint: false, "--version");

        var printed = result.StandardOutput + result.StandardError;
        var match = Regex.Match(printed, @"aws-cli/(?<major>\d+)\.", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"'aws --version' printed no version: '{printed}'.");
        return int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
    }

    private static bool IsAwsSetting(string name) => name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase);

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>What one AWS CLI call printed, and its exit code.</summary>
internal sealed record AwsCliResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The JSON the CLI printed on stdout; fails the test with both streams when it did not succeed.</summary>
    public JsonNode Output()
    {
        Assert.True(
            ExitCode == 0,
            $"The AWS CLI exited with {ExitCode}. stdout: {StandardOutput} stderr: {StandardError}");
        return Json.Parse(StandardOutput);
    }
}
