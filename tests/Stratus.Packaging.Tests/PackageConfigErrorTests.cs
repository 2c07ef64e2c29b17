using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

public sealed class PackageConfigErrorTests
{
    [Fact]
    public async Task Package_UnknownRuntime_ReportsStr3004AtTheRuntime()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: nodejs20.x
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3004", error.Code);
        Assert.Equal((4, 12), (error.At.Line, error.At.Column));
        Assert.Contains("'nodejs20.x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveProjects_HandlerNamingAnotherMethod_ReportsStr3021AtTheHandler()
    {
        // Serverless Framework .NET handlers name a method; a Stratus handler class is invoked through HandleAsync
        // alone, so running it for '::Hello' would quietly make two functions of one class the same function.
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler::Hello
              refunds:
                handler: Shop.Functions::Shop.Functions.RefundsHandler::HandleAsync
            """);

        var failure = Assert.Throws<ConfigException>(() => ManagedBuilder.ResolveProjects(service.Load()));

        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3021", error.Code);
        Assert.Equal((service.ConfigPath, 7, 14), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains(
            "method 'Hello' of class 'Shop.Functions.OrdersHandler'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Shop.Functions::Shop.Functions.OrdersHandler' (without '::Hello')", error.Fix,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shop.Functions.OrdersHandler", "AddHandler<OrdersHandler>()")]
    [InlineData("Shop.Functions.Orders+Handler", "AddHandler<Orders.Handler>()")]
    [InlineData("Handler", "AddHandler<Handler>()")]
    public void UnregisteredHandlerClass_Fix_NamesTheClassAsCSharpWritesIt(string typeName, string call)
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);
        var function = service.Load().Functions[0];
        var handler = new HandlerReference("Shop.Functions", typeName);

        var error = PackagingErrors.UnregisteredHandlerClass(function, handler);

        Assert.Contains($"add app.{call}", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveProjects_HandlerNamingHandleAsync_ResolvesLikeTheShortForm()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler::HandleAsync
            """);

        var projects = ManagedBuilder.ResolveProjects(service.Load());

        Assert.Equal("Shop.Functions", projects["orders"].AssemblyName);
    }

    [Fact]
    public void Plan_OtherArchitectureWithoutCrossToolchain_ReportsStr3005NamingThePackagesToInstall()
    {
        // The architecture this machine is not: arm64 on x64 machines, x86_64 on arm64 ones.
        var hostIsArm64 = NativeToolchain.HostArchitecture == "arm64";
        var (architecture, crossLibc) = hostIsArm64
            ? ("x86_64", "libc6-dev-amd64-cross")
            : ("arm64", "libc6-dev-arm64-cross");
        using var service = new TempService($"""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
              architecture: {architecture}
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);
        var emptyMachine = Directory.CreateTempSubdirectory("stratus-no-toolchain-").FullName;

        var failure = Assert.Throws<ConfigException>(() => PackagePlanner.Plan(service.Load(), null, emptyMachine));

        Directory.Delete(emptyMachine);
        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3005", error.Code);
        Assert.Equal((service.ConfigPath, 5, 17), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains($"'{crossLibc}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'clang'", error.Message, StringComparison.Ordinal);
        Assert.Contains("eng/install-aot-prereqs.sh", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageAndExtract_NativeAotForAnotherProcessor_ReportsStr3015BeforeAnyBuild()
    {
        // Needs the cross toolchain of eng/install-aot-prereqs.sh: without it, planning stops at STR3005.
        var other = NativeToolchain.HostArchitecture == "arm64" ? "x86_64" : "arm64";
        using var service = new TempService($"""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
                architecture: {other}
            """);

        var failure = await Assert.ThrowsAsync<ConfigException>(
            () => PackagedBuild.PackageAndExtractAsync(service.Load(), progress: null, CancellationToken.None));

        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3015", error.Code);
        Assert.Equal((service.ConfigPath, 8, 19), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains("without --packaged", error.Fix, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(service.Directory, ".stratus", "package-cache")));
    }

    [Fact]
    public void Plan_ProvidedAl2NativeAotOnAnArm64BuildMachine_ReportsStr3014AtTheRuntimeBeforeAnyBuild()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
                runtime: provided.al2
            """);

        var failure = Assert.Throws<ConfigException>(
            () => PackagePlanner.Plan(service.Load(), null, hostArchitecture: "arm64"));

        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3014", error.Code);
        Assert.Equal((service.ConfigPath, 8, 14), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains("glibc no newer than Amazon Linux 2's 2.26", error.Message, StringComparison.Ordinal);
        Assert.Contains("this one is arm64", error.Message, StringComparison.Ordinal);
        Assert.Contains("'provided.al2023'", error.Fix, StringComparison.Ordinal);
        Assert.Contains("package.artifact", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ProvidedAl2NativeAotOnAnX64BuildMachine_PlansANativeAotBuildForEitherArchitecture()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
              reports:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
                architecture: arm64
            """);

        var plans = PackagePlanner.Plan(service.Load(), null, hostArchitecture: "x64");

        Assert.Equal(
            [
                ("x86_64", PackageBuildKind.NativeAot, "provided.al2"),
                ("arm64", PackageBuildKind.NativeAot, "provided.al2"),
            ],
            plans.Select(plan => (plan.Architecture, plan.Kind, plan.Runtime)));
    }

    [Fact]
    public async Task Package_Dotnet8ForNet10Project_ReportsStr3011()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: dotnet8
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3011", error.Code);
        Assert.Contains("'net8.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_PatternsNotAList_ReportsStr3012()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            package:
              patterns: assets/**
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3012", error.Code);
        Assert.Equal(6, error.At.Line);
    }

    [Fact]
    public async Task Package_SeveralMistakes_ReportsEveryOneAndWritesNothing()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
                runtime: python3.12
              payments:
                handler: Missing.Assembly::Shop.Functions.PaymentsHandler
              refunds:
                handler: Shop.Functions::Shop.Functions.RefundsHandler
                package:
                  artifact: dist/refunds.zip
            """);

        var errors = (await service.PackageFailsAsync()).Errors;

        Assert.Equal(["STR3002", "STR3004", "STR3010"], errors.Select(e => e.Code).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(service.OutputDirectory));
    }
}
