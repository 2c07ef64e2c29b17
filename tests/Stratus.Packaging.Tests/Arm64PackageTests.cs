using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// `architecture: arm64` cross-compiles the example's status function with Native AOT on this machine (one
/// publish per test run, beside the shared x64 fixture's copy of the example).
/// </summary>
// Limitation: the arm64 bootstrap is checked (ELF machine, glibc versions) but not run: an x64 machine needs an
// arm64 emulator for that (Debian's qemu-user-static, about 380 MB installed), which the test tools do not
// install, so a fault that only running it would show is not caught here.
[Collection(ExamplePackageGroup.Name)]
public sealed class Arm64PackageTests(ExamplePackageFixture example)
{
    private const string ServiceYml = """
        service: users-service
        provider:
          name: aws
          runtime: provided.al2023
          architecture: arm64
        package:
          individually: true
        functions:
          status:
            handler: UsersService.Functions::UsersService.Functions.Status.GetStatusHandler
        """;

    [Fact]
    public async Task Package_Arm64_WritesAnAarch64BootstrapThatAmazonLinux2023CanLoad()
    {
        File.WriteAllText(Path.Combine(example.ServiceDirectory, "serverless.arm64.yml"), ServiceYml);
        var output = Path.Combine(example.ServiceDirectory, ".stratus", "out-arm64-" + Guid.NewGuid().ToString("N"));

        var result = await ExamplePackageFixture.PackageAsync(example.ServiceDirectory, "serverless.arm64.yml", output);

        var status = Assert.Single(result.Functions);
        Assert.Equal(("arm64", PackageBuildKind.NativeAot), (status.Architecture, status.BuildKind));
        var bootstrap = ElfInspection.ExtractEntry(status.ArtifactPath, "bootstrap", output);
        Assert.Equal(ElfInspection.MachineAarch64, ElfInspection.Machine(bootstrap));
        Assert.Null(await GlibcCheck.ExplainAsync(bootstrap, "provided.al2023", CancellationToken.None));
        Assert.Contains("ships glibc 2.26", await GlibcCheck.ExplainAsync(bootstrap, "provided.al2", default),
            StringComparison.Ordinal);
    }
}
