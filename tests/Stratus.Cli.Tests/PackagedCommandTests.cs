using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus package`, `invoke local --packaged` and `dev --packaged` through the real CLI, on a `provided.al2`
/// service whose prebuilt `package.artifact` is a shell bootstrap: the packaged zip is what runs, and no
/// build is needed (Al2PackageTests builds provided.al2 with Native AOT).
/// </summary>
public sealed class PackagedCommandTests : IDisposable
{
    private const string ServiceYml = """
        service: shell-service
        provider:
          name: aws
          runtime: provided.al2
        functions:
          hello:
            handler: hello.handler
            package:
              artifact: dist/hello.zip
            events:
              - httpApi: GET /hello
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-packaged-").FullName;

    public PackagedCommandTests()
    {
        ShellBootstrapArtifact.Write(Path.Combine(_folder, "dist", "hello.zip"));
        File.WriteAllText(Path.Combine(_folder, "serverless.yml"), ServiceYml);
    }

    // The unzipped task folders are read-only, as in Lambda; deleting them needs write permission back.
    public void Dispose() => Stratus.Packaging.Internal.FolderLease.DeleteFolder(_folder);

    [Fact]
    public async Task Package_TwiceWithoutChange_PrintsTheSizeTableThenReusesTheArtifact()
    {
        var first = await CliRun.RunAsync("package", "--config", _folder);
        var second = await CliRun.RunAsync("package", "--config", _folder);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        var firstRows = first.Out.Split('\n');
        Assert.Matches(@"^function\s+artifact\s+build\s+unzipped\s+zipped$", firstRows[0]);
        Assert.Matches(@"^hello\s+hello\.zip\s+Prebuilt\s+0\.00 MB\s+0\.00 MB\s+built$", firstRows[1]);
        Assert.Contains("Zips reused: none", first.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^hello\s+hello\.zip\s+Prebuilt\s+.*\s+reused$", second.Out);
        Assert.Contains("Zips reused (no input changed): hello", second.Out, StringComparison.Ordinal);
        Assert.Contains("reused 'hello': no input changed", second.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, ".stratus", "package", "hello.zip")));
    }

    [Fact]
    public async Task InvokeLocalPackaged_PrebuiltAl2Bootstrap_RunsTheZipThatPackageWrote()
    {
        var run = await CliRun.RunAsync("invoke", "local", "-f", "hello", "--packaged", "--config", _folder);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Out);
        using var body = JsonDocument.Parse(result.RootElement.GetProperty("body").GetString()!);
        Assert.Equal("hello.handler", body.RootElement.GetProperty("handler").GetString());
        Assert.Equal(PackagedTaskRoot(), body.RootElement.GetProperty("taskRoot").GetString());
    }

    [Fact]
    public async Task DevPackaged_Request_IsServedFromThePackagedArtifactUntilCtrlC()
    {
        using var dev = await DevProcess.StartAsync("--packaged", "--config", _folder);
        using var client = new HttpClient { BaseAddress = dev.BaseAddress };

        var answer = await client.GetFromJsonAsync<JsonElement>("/hello");
        var exitCode = await dev.InterruptAsync();

        Assert.Equal("hello.handler", answer.GetProperty("handler").GetString());
        Assert.Equal(PackagedTaskRoot(), answer.GetProperty("taskRoot").GetString());
        Assert.Equal(130, exitCode);
    }

    [Fact]
    public async Task InvokeLocalPackaged_AfterPackage_LeavesThePackageFolderAsPackageWroteIt()
    {
        var package = await CliRun.RunAsync("package", "--config", _folder);
        var packageFolder = Path.Combine(_folder, ".stratus", "package");
        var before = Directory.GetFiles(packageFolder).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

        var invoke = await CliRun.RunAsync("invoke", "local", "--packaged", "-f", "hello", "--config", _folder);

        Assert.Equal((0, 0), (package.ExitCode, invoke.ExitCode));
        var after = Directory.GetFiles(packageFolder).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        var ran = File.ReadAllBytes(Path.Combine(_folder, ".stratus", "package-local", "hello.zip"));
        Assert.Equal(before["hello.zip"], ran);
    }

    /// <summary>
    /// Where `--packaged` unzipped hello.zip: the one folder named by the packaged zip's own hash (and an id of its
    /// unzip), an earlier unzip no session holds having been removed.
    /// </summary>
    private string PackagedTaskRoot()
    {
        var zip = Path.Combine(_folder, ".stratus", "package-local", "hello.zip");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip)));
        var run = Path.Combine(_folder, ".stratus", "run");
        return Assert.Single(Directory.GetDirectories(run, "hello-" + sha[..12] + "-*"));
    }
}
