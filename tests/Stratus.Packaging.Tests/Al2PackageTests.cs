using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Stratus.Functions.Tests.Support;
using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// `runtime: provided.al2` packages the example's status function with Native AOT linked against the Amazon
/// Linux 2 toolchain's glibc 2.17, for x86_64 (run here through a strict Runtime API) and arm64 (checked, not
/// run: see Arm64PackageTests). The toolchain downloads once per machine into STRATUS_TOOLCHAINS or ~/.stratus.
/// </summary>
[Collection(ExamplePackageGroup.Name)]
public sealed class Al2PackageTests(ExamplePackageFixture example)
{
    private static readonly Version AmazonLinux2Glibc = new(2, 26);

    [Fact]
    public async Task Package_ProvidedAl2_BootstrapNeedsNoGlibcNewerThan217AndServesAnInvocation()
    {
        var (status, warnings, output) = await PackageStatusAsync("x86_64");

        var bootstrap = ElfInspection.ExtractEntry(status.ArtifactPath, "bootstrap", output);
        Assert.Equal(ElfInspection.MachineX86_64, ElfInspection.Machine(bootstrap));
        Assert.All(await ElfInspection.GlibcVersionsAsync(bootstrap), version =>
            Assert.True(version <= Al2Toolchain.Glibc, $"the bootstrap needs GLIBC_{version}"));
        Assert.Null(await GlibcCheck.ExplainAsync(bootstrap, "provided.al2", CancellationToken.None));
        const string SqliteWarning = "'libe_sqlite3.so' needs GLIBC_2.28, but 'provided.al2' ships glibc 2.26";
        Assert.Contains(warnings, warning => warning.Contains(SqliteWarning, StringComparison.Ordinal));
        var again = await ExamplePackageFixture.PackageAsync(
            example.ServiceDirectory, "serverless.al2-x86_64.yml", output);
        Assert.True(Assert.Single(again.Functions).Reused);
        Assert.Contains(again.Warnings, warning => warning.Contains(SqliteWarning, StringComparison.Ordinal));

        var answer = await InvokeOnceAsync(status.ArtifactPath, Path.Combine(output, "task"));
        Assert.EndsWith("/invocation/al2-request-1/response", answer.Target, StringComparison.Ordinal);
        using var response = JsonDocument.Parse(answer.BodyText);
        Assert.Equal(200, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Contains("\"version\":\"9.9.9\"", response.RootElement.GetProperty("body").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_ProvidedAl2Arm64_CrossLinksAnAarch64BootstrapAgainstGlibc217()
    {
        var (status, _, output) = await PackageStatusAsync("arm64");

        var bootstrap = ElfInspection.ExtractEntry(status.ArtifactPath, "bootstrap", output);
        Assert.Equal(ElfInspection.MachineAarch64, ElfInspection.Machine(bootstrap));
        var versions = await ElfInspection.GlibcVersionsAsync(bootstrap);
        Assert.NotEmpty(versions);
        Assert.All(versions, version => Assert.True(version <= Al2Toolchain.Glibc, $"needs GLIBC_{version}"));
        Assert.True(versions.Max() <= AmazonLinux2Glibc);
    }

    private async Task<(FunctionPackage Status, IReadOnlyList<string> Warnings, string Output)> PackageStatusAsync(
        string architecture)
    {
        var configFile = $"serverless.al2-{architecture}.yml";
        File.WriteAllText(Path.Combine(example.ServiceDirectory, configFile), $"""
            service: users-service
            provider:
              name: aws
              runtime: provided.al2
              architecture: {architecture}
            package:
              individually: true
            functions:
              status:
                handler: UsersService.Functions::UsersService.Functions.Status.GetStatusHandler
            """);
        var output = Path.Combine(example.ServiceDirectory, ".stratus", $"out-al2-{architecture}-{Guid.NewGuid():N}");

        var result = await ExamplePackageFixture.PackageAsync(example.ServiceDirectory, configFile, output);

        var status = Assert.Single(result.Functions);
        Assert.Equal(("provided.al2", PackageBuildKind.NativeAot), (status.Runtime, status.BuildKind));
        return (status, result.Warnings, output);
    }

    /// <summary>
    /// Starts the unzipped bootstrap as Lambda would and returns what it posts for one HTTP API event.
    /// </summary>
    private static async Task<RecordedRequest> InvokeOnceAsync(string zipPath, string taskRoot)
    {
        ZipFile.ExtractToDirectory(zipPath, taskRoot);
        await using var api = FakeRuntimeApi.Start();
        api.Enqueue(new FakeInvocation("al2-request-1", """
            {"version":"2.0","routeKey":"GET /status","rawPath":"/status","rawQueryString":"",
             "headers":{"host":"127.0.0.1"},"requestContext":{"http":{"method":"GET","path":"/status"}},
             "isBase64Encoded":false}
            """) { DeadlineMs = TimeProvider.System.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds() });

        var start = new ProcessStartInfo(Path.Combine(taskRoot, "bootstrap"))
        {
            WorkingDirectory = taskRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        start.Environment["_HANDLER"] = "UsersService.Functions::UsersService.Functions.Status.GetStatusHandler";
        start.Environment["LAMBDA_TASK_ROOT"] = taskRoot;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "users-service-dev-status";
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["SERVICE_VERSION"] = "9.9.9";

        using var bootstrap = Process.Start(start)!;
        try
        {
            return await api.NextPostAsync();
        }
        finally
        {
            bootstrap.Kill();
            await bootstrap.WaitForExitAsync();
        }
    }
}
