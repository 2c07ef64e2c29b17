using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>A prebuilt `package.artifact` exercises reuse, budgets and the manifest without a build.</summary>
public sealed class PrebuiltPackageTests
{
    private static readonly int ExecutableMode = Convert.ToInt32("755", 8);

    // A symbolic link's mode as zip -y records it (S_IFLNK, 0777).
    private static readonly int SymbolicLinkMode = Convert.ToInt32("120777", 8);

    private const string Service = """
        service: shop
        provider:
          name: aws
          runtime: provided.al2023
        package:
          artifact: dist/shop.zip
        functions:
          orders:
            handler: Shop.Functions::Shop.Functions.OrdersHandler
          payments:
            handler: Shop.Functions::Shop.Functions.PaymentsHandler
        """;

    [Fact]
    public async Task Package_PrebuiltArtifact_RecordsHashSizesAndResolvedService()
    {
        using var service = new TempService(Service);
        var zip = WriteZip(service, "dist/shop.zip", 2_000);

        var result = await service.PackageAsync();

        var orders = result.Functions[0];
        Assert.Equal(["orders", "payments"], result.Functions.Select(f => f.FunctionKey));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip))), orders.Sha256);
        Assert.Equal(2_000, orders.UnzippedSize);
        Assert.Equal(PackageBuildKind.Prebuilt, orders.BuildKind);
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        var entry = manifest.RootElement.GetProperty("functions").GetProperty("orders");
        Assert.Equal(orders.Sha256, entry.GetProperty("sha256").GetString());
        Assert.Equal("Shop.Functions::Shop.Functions.OrdersHandler", entry.GetProperty("handler").GetString());
        Assert.False(entry.GetProperty("environment").TryGetProperty("STRATUS_HANDLER", out _));
        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, "resolved-service.json")));
    }

    [Fact]
    public async Task Package_SecretFromASource_WritesItsValueNotAMaskAsTheDeployedEnvironment()
    {
        const string Envelope = "stratus:v1:kms:key=alias%2Fk&service=shop&stage=dev&secret=apiKey:Y2lwaGVy";
        var yml = Service.Replace(
            "  runtime: provided.al2023\n",
            "  runtime: provided.al2023\n  environment:\n    LOG_LEVEL: info\n    API_KEY: none\n",
            StringComparison.Ordinal) + "\n    environment:\n      API_KEY: ${s3:dev-secrets/apiKey}\n";
        using var service = new TempService(yml);
        WriteZip(service, "dist/shop.zip", 100);
        var loaded = ServiceLoader.Load(service.ConfigPath, new ServiceLoadOptions
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["s3"] = new StoredObjects(Envelope) },
        });

        var result = await new ServicePackager().PackageAsync(loaded, new PackageOptions(), CancellationToken.None);

        Assert.Contains("functions.payments.environment.API_KEY", loaded.SecretPaths);
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        var functions = manifest.RootElement.GetProperty("functions");
        Assert.Equal(
            """{"API_KEY":"none","LOG_LEVEL":"info"}""",
            JsonSerializer.Serialize(functions.GetProperty("orders").GetProperty("environment")));
        Assert.Equal(
            Envelope,
            functions.GetProperty("payments").GetProperty("environment").GetProperty("API_KEY").GetString());
        using var resolved = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(result.OutputDirectory, "resolved-service.json")));
        Assert.Equal(Envelope, resolved.RootElement.GetProperty("functions").GetProperty("payments")
            .GetProperty("environment").GetProperty("API_KEY").GetString());
    }

    [Fact]
    public async Task Package_SecondRunWithoutChange_ReusesEveryArtifact()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 2_000);
        var first = await service.PackageAsync();

        var second = await service.PackageAsync();

        Assert.All(first.Functions, f => Assert.False(f.Reused));
        Assert.All(second.Functions, f => Assert.True(f.Reused));
        Assert.Equal(first.Functions.Select(f => f.Sha256), second.Functions.Select(f => f.Sha256));
    }

    [Fact]
    public async Task Package_InputChanged_IsNotReused()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 2_000);
        await service.PackageAsync();
        WriteZip(service, "dist/shop.zip", 3_000);

        var second = await service.PackageAsync();

        Assert.All(second.Functions, f => Assert.False(f.Reused));
        Assert.Equal(3_000, second.Functions[0].UnzippedSize);
    }

    [Fact]
    public async Task Package_OverServiceBudget_FailsNamingEveryOffenderAndKeepsTheOldPackage()
    {
        using var service = new TempService(Service + "\ncustom:\n  stratus:\n    maxPackageSize: 1KB\n");
        WriteZip(service, "dist/shop.zip", 50);
        var first = await service.PackageAsync();
        WriteZip(service, "dist/shop.zip", 20_000);

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["orders", "payments"], errors.Select(e => e.Message.Split('\'')[1]));
        Assert.All(errors, e => Assert.Equal("STR3007", e.Code));
        Assert.All(errors, e => Assert.Equal(14, e.At.Line));
        Assert.Equal(first.Functions[0].Sha256, Sha256Of(Path.Combine(service.OutputDirectory, "orders.zip")));
    }

    [Fact]
    public async Task Package_FunctionBudget_OverridesTheServiceBudget()
    {
        var yml = Service.Replace(
            "    handler: Shop.Functions::Shop.Functions.PaymentsHandler",
            "    handler: Shop.Functions::Shop.Functions.PaymentsHandler\n" +
            "    custom:\n      stratus:\n        maxPackageSize: 100B",
            StringComparison.Ordinal);
        using var service = new TempService(yml + "\ncustom:\n  stratus:\n    maxPackageSize: 1MB\n");
        WriteZip(service, "dist/shop.zip", 20_000);

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3007", error.Code);
        Assert.Contains("'payments'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_BudgetNotASize_ReportsStr3009()
    {
        using var service = new TempService(Service + "\ncustom:\n  stratus:\n    maxPackageSize: lots\n");
        WriteZip(service, "dist/shop.zip", 50);

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3009", error.Code);
        Assert.Equal((14, 21), (error.At.Line, error.At.Column));
    }

    [Fact]
    public async Task Package_ProvidedAl2WithPrebuiltArtifact_TakesTheZipWithoutABuild()
    {
        using var service = new TempService(Service.Replace(
            "runtime: provided.al2023", "runtime: provided.al2", StringComparison.Ordinal));
        var zip = WriteZip(service, "dist/shop.zip", 500);

        var result = await service.PackageAsync();

        Assert.All(
            result.Functions,
            f => Assert.Equal(("provided.al2", PackageBuildKind.Prebuilt), (f.Runtime, f.BuildKind)));
        Assert.All(result.Functions, f => Assert.Equal(Sha256Of(zip), f.Sha256));
        Assert.False(Directory.Exists(Path.Combine(service.Directory, ".stratus", "package-cache")));
    }

    // CreateFunction refuses a runtime it does not have (InvalidParameterValueException).
    [Fact]
    public async Task Package_PrebuiltArtifactForARuntimeLambdaDoesNotHave_ReportsStr3030AtTheRuntime()
    {
        using var service = new TempService(Service.Replace(
            "runtime: provided.al2023", "runtime: provided.al2024", StringComparison.Ordinal));
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode);

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["STR3030", "STR3030"], errors.Select(error => error.Code));
        Assert.Equal((4, 12), (errors[0].At.Line, errors[0].At.Column));
        Assert.Contains(
            "'provided.al2024', which is not a Lambda runtime", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("did you mean 'provided.al2023'?", errors[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_PrebuiltArtifactForALanguageRuntime_IsPackagedAsItIs()
    {
        using var service = new TempService(Service.Replace(
            "runtime: provided.al2023", "runtime: nodejs22.x", StringComparison.Ordinal));
        var zip = WriteZip(service, "dist/shop.zip", 100, entryName: "index.js");

        var result = await service.PackageAsync();

        Assert.All(result.Functions, f => Assert.Equal(("nodejs22.x", Sha256Of(zip)), (f.Runtime, f.Sha256)));
    }

    // Locally only a custom runtime's bootstrap can be started as Lambda starts it; a Node zip would be handed to
    // the dotnet host and fail at every request.
    [Theory]
    [InlineData("runtime: nodejs22.x", "'nodejs22.x'")]
    [InlineData("runtime: dotnet8", "'dotnet8'")]
    public async Task PackageAndExtract_PrebuiltArtifactForALanguageRuntime_ReportsStr3031AtTheRuntime(
        string runtime,
        string named)
    {
        using var service = new TempService(Service.Replace(
            "runtime: provided.al2023", runtime, StringComparison.Ordinal));
        WriteZip(service, "dist/shop.zip", 100, entryName: "index.js");

        var refused = await Assert.ThrowsAsync<ConfigException>(
            () => PackagedBuild.PackageAndExtractAsync(service.Load(), progress: null, CancellationToken.None));

        Assert.Equal(["STR3031", "STR3031"], refused.Errors.Select(error => error.Code));
        Assert.Equal((4, 12), (refused.Errors[0].At.Line, refused.Errors[0].At.Column));
        Assert.Contains(
            $"prebuilt package.artifact for runtime {named}", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(service.Directory, ".stratus", "run")));
    }

    // "(none)" named no runtime as if it were one; the message says none is set, and where to set which.
    [Fact]
    public async Task PackageAndExtract_PrebuiltArtifactWithoutAnyRuntime_SaysNoneIsSetAndWhereToSetOneStratusRuns()
    {
        using var service = new TempService(Service.Replace(
            "  runtime: provided.al2023\n", "", StringComparison.Ordinal));
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode);

        var refused = await Assert.ThrowsAsync<ConfigException>(
            () => PackagedBuild.PackageAndExtractAsync(service.Load(), progress: null, CancellationToken.None));

        var error = refused.Errors[0];
        Assert.Equal("STR3031", error.Code);
        Assert.DoesNotContain("(none)", error.Message, StringComparison.Ordinal);
        Assert.Contains(
            "has a prebuilt package.artifact but no runtime, neither its own nor provider.runtime",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("provided.al2023, provided.al2", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(
            "set 'runtime: provided.al2023' on the function or under provider", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Extract_PrebuiltCustomRuntimeZip_RunsItsBootstrapDirectly()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode);
        var result = await service.PackageAsync();

        var build = PackagedBuild.Extract(service.Load(), result);

        var orders = build.ByFunctionKey["orders"];
        Assert.Equal(Path.Combine(orders.OutputDirectory, "bootstrap"), orders.NativeExecutablePath);
        Assert.True(File.GetUnixFileMode(orders.NativeExecutablePath!).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(100, new FileInfo(orders.NativeExecutablePath!).Length);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Extract_PrebuiltBootstrapZippedWithoutItsExecuteBit_StaysNotExecutableAsInLambda()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 100, Convert.ToInt32("644", 8));
        var result = await service.PackageAsync();

        var build = PackagedBuild.Extract(service.Load(), result);

        var bootstrap = build.ByFunctionKey["orders"].NativeExecutablePath!;
        Assert.False(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute));
    }

    // Lambda takes such a zip and fails each invocation with Runtime.InvalidEntrypoint ("Couldn't find valid
    // bootstrap(s)"); refusing it at package time saves a deployment.
    [Theory]
    [InlineData("handler.sh")]
    [InlineData("build/bootstrap")]
    public async Task Package_CustomRuntimeZipWithoutARootBootstrap_ReportsStr3024AtTheArtifact(string entryName)
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode, entryName);

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["STR3024", "STR3024"], errors.Select(error => error.Code));
        Assert.Equal((6, 13), (errors[0].At.Line, errors[0].At.Column));
        Assert.Contains(
            "'dist/shop.zip' holds no 'bootstrap' at its root", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("chmod 755", errors[0].Fix, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.OutputDirectory, "manifest.json")));
    }

    // zip -r function.zip build/ puts the bootstrap under build/, where Lambda does not look.
    [Fact]
    public async Task Package_CustomRuntimeZipWithBootstrapInASubfolder_NamesThatPathAndSaysToPutItAtTheRoot()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode, "build/out/bootstrap");

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.All(errors, error => Assert.Equal("STR3024", error.Code));
        Assert.Contains(
            "holds no 'bootstrap' at its root, only 'build/out/bootstrap' inside a folder",
            errors[0].Message,
            StringComparison.Ordinal);
        Assert.StartsWith(
            "put 'build/out/bootstrap' at the root of the zip, as 'bootstrap': zip from inside its folder " +
            "(cd build/out,",
            errors[0].Fix,
            StringComparison.Ordinal);
    }

    // Lambda finds its bootstrap through links (stat), so a link zipped with -y without its target is no bootstrap.
    [Theory]
    [InlineData("bin/app")]
    [InlineData("../app")]
    [InlineData("/var/task/bin/app")]
    public async Task Package_CustomRuntimeZipWhoseBootstrapLinksToAFileItLacks_ReportsStr3024NamingTheTarget(
        string target)
    {
        using var service = new TempService(Service);
        WriteEntries(service, ("bootstrap", target, SymbolicLinkMode), ("lib/x.so", "x", 0));

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["STR3024", "STR3024"], errors.Select(error => error.Code));
        Assert.Equal((6, 13), (errors[0].At.Line, errors[0].At.Column));
        Assert.Contains(
            $"is a symbolic link to '{target}', which the zip does not hold",
            errors[0].Message,
            StringComparison.Ordinal);
        Assert.Contains("zip without -y", errors[0].Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bin/app")]
    [InlineData("/var/task/bin/app")]
    public async Task Package_CustomRuntimeZipWhoseBootstrapLinksToAFileItHolds_IsPackaged(string target)
    {
        using var service = new TempService(Service);
        WriteEntries(
            service,
            ("bin/app", "#!/bin/sh\n", Convert.ToInt32("100755", 8)),
            ("bootstrap", target, SymbolicLinkMode));

        var result = await service.PackageAsync();

        Assert.Equal(2, result.Functions.Count);
    }

    [Fact]
    public async Task Package_CustomRuntimeZipWithAFolderNamedBootstrap_SaysItIsAFolder()
    {
        using var service = new TempService(Service);
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode, "bootstrap/main");

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.All(errors, error => Assert.Equal("STR3024", error.Code));
        Assert.Contains(
            "holds 'bootstrap' as a folder, not a file, at its root", errors[0].Message, StringComparison.Ordinal);
    }

    // An entry that climbs out of the folder it unpacks into ('..', an absolute path) would write elsewhere on
    // the machine; it is refused at the artifact, naming the entry, before anything is unpacked.
    [Theory]
    [InlineData("../../escape.txt")]
    [InlineData("lib/../../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    public async Task Package_ZipWithAnEntryOutsideItsFolder_ReportsStr3027AtTheArtifactNamingTheEntry(string entry)
    {
        using var service = new TempService(Service);
        WriteEntries(service, ("bootstrap", "#!/bin/sh\n", 0), (entry, "outside", 0));

        var errors = (await service.PackageFailsAsync()).Errors;

        AssertRefusedAtTheArtifact(errors, entry, service);
    }

    // A link to a folder elsewhere, then a file "inside" it: unpacked in order, the file would land where the
    // link points.
    [Theory]
    [InlineData("d", "d/escape.txt")]
    [InlineData("./d", "d/escape.txt")]
    [InlineData("x//d", "x/d/escape.txt")]
    public async Task Package_ZipWithAFileUnderASymbolicLink_ReportsStr3027AtTheArtifactNamingTheEntry(
        string link, string file)
    {
        using var service = new TempService(Service);
        WriteEntries(
            service,
            (link, service.Directory, SymbolicLinkMode),
            ("bootstrap", "#!/bin/sh\n", 0),
            (file, "outside", 0));

        var errors = (await service.PackageFailsAsync()).Errors;

        AssertRefusedAtTheArtifact(errors, file, service);
    }

    // Lambda unpacks a zip's symbolic links as links (zip -y records them with the S_IFLNK mode).
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Extract_BootstrapZippedAsASymbolicLink_IsALinkToItsTarget()
    {
        using var service = new TempService(Service);
        WriteEntries(
            service,
            ("bin/app", "#!/bin/sh\n", Convert.ToInt32("100755", 8)),
            ("bootstrap", "bin/app", SymbolicLinkMode));

        var build = PackagedBuild.Extract(service.Load(), await service.PackageAsync());

        var bootstrap = new FileInfo(build.ByFunctionKey["orders"].NativeExecutablePath!);
        Assert.Equal("bin/app", bootstrap.LinkTarget);
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(bootstrap.FullName));
    }

    [Fact]
    public async Task Extract_ZipWithAFileInsideAFileEntry_ReportsStr3027AndLeavesNoFolder()
    {
        using var service = new TempService(Service);
        WriteEntries(service, ("bootstrap", "bootstrap", 0), ("d", "d", 0), ("d/inside.txt", "d/inside.txt", 0));

        var result = await service.PackageAsync();
        var failure = Assert.Throws<ConfigException>(() => PackagedBuild.Extract(service.Load(), result));

        Assert.Equal("STR3027", failure.Errors[0].Code);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(service.Directory, ".stratus", "run")));
    }

    // An empty layer list brings nothing.
    [Fact]
    public async Task Package_CustomRuntimeZipWithoutBootstrapAndAnEmptyLayerList_ReportsStr3024()
    {
        using var service = new TempService(Service.Replace(
            "  runtime: provided.al2023\n", "  runtime: provided.al2023\n  layers: []\n", StringComparison.Ordinal));
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode, "handler.sh");

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.All(errors, error => Assert.Equal("STR3024", error.Code));
    }

    // A layer may bring /opt/bootstrap, which Lambda runs when the function's zip has none.
    [Fact]
    public async Task Package_CustomRuntimeZipWithoutBootstrapButWithALayer_IsPackaged()
    {
        using var service = new TempService(Service.Replace(
            "  runtime: provided.al2023\n",
            "  runtime: provided.al2023\n  layers:\n    - arn:aws:lambda:us-east-1:123456789012:layer:runtime:1\n",
            StringComparison.Ordinal));
        WriteZip(service, "dist/shop.zip", 100, ExecutableMode, "handler.sh");

        var result = await service.PackageAsync();

        Assert.Equal(2, result.Functions.Count);
    }

    [Fact]
    public async Task Package_ArtifactThatIsNotAZip_ReportsStr3025AtTheArtifact()
    {
        using var service = new TempService(Service);
        service.Write("dist/shop.zip", "#!/bin/sh\necho not a zip\n");

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["STR3025", "STR3025"], errors.Select(error => error.Code));
        Assert.Equal((6, 13), (errors[0].At.Line, errors[0].At.Column));
    }

    /// <summary>STR3027 at serverless.yml's package.artifact, naming the entry, and nothing written outside.</summary>
    private static void AssertRefusedAtTheArtifact(IReadOnlyList<ConfigError> errors, string entry, TempService service)
    {
        Assert.Equal("STR3027", errors[0].Code);
        Assert.Equal((6, 13), (errors[0].At.Line, errors[0].At.Column));
        Assert.Contains($"has the entry '{entry}'", errors[0].Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.Directory, "escape.txt")));
    }

    /// <summary>
    /// Writes dist/shop.zip with these entries in order, each holding its text; a mode other than 0 is recorded
    /// as Info-ZIP records a file's (the high 16 bits of the external attributes).
    /// </summary>
    private static void WriteEntries(TempService service, params (string Name, string Text, int Mode)[] entries)
    {
        var zipPath = Path.Combine(service.Directory, "dist", "shop.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
        using var archive = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var (name, text, mode) in entries)
        {
            var entry = archive.CreateEntry(name);
            if (mode != 0)
            {
                entry.ExternalAttributes = mode << 16;
            }

            using var writer = new StreamWriter(entry.Open());
            writer.Write(text);
        }
    }

    /// <summary>Zips a bootstrap of random bytes whose entry records the Unix <paramref name="mode"/>.</summary>
    private static string WriteZip(
        TempService service, string relativePath, int contentBytes, int? mode = null, string entryName = "bootstrap")
    {
        var path = Path.Combine(service.Directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var random = new Random(contentBytes);
            var bytes = new byte[contentBytes];
            random.NextBytes(bytes);
            var entry = archive.CreateEntry(entryName);
            if (mode is { } unixMode)
            {
                // A regular file (S_IFREG) with that mode, in the high half as zip tools on Unix write it.
                entry.ExternalAttributes = (Convert.ToInt32("100000", 8) | unixMode) << 16;
            }

            using var stream = entry.Open();
            stream.Write(bytes);
        }

        return path;
    }

    /// <summary>An <c>s3:</c> source whose every object holds one text, marked secret as the real ones are.</summary>
    private sealed class StoredObjects(string text) : IVariableSource
    {
        public ValueTask<VariableSourceResult> ResolveAsync(
            VariableSourceRequest request,
            CancellationToken cancellationToken) =>
            ValueTask.FromResult(VariableSourceResult.FoundText(text, request.At, isSecret: true));
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
