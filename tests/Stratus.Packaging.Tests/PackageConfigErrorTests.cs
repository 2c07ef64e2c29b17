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
    public async Task Package_Arm64NativeAotWithoutSysroot_ReportsStr3005NamingTheSysroot()
    {
        // On an arm64 machine, or one with the cross libc installed, arm64 is buildable and this case does not arise.
        var crossCompiling = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.X64 && !File.Exists("/usr/aarch64-linux-gnu/lib/libc.so.6");
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
              architecture: arm64
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var failure = crossCompiling ? await service.PackageFailsAsync() : null;

        if (failure is not null)
        {
            var error = Assert.Single(failure.Errors);
            Assert.Equal("STR3005", error.Code);
            Assert.Equal((5, 17), (error.At.Line, error.At.Column));
            Assert.Contains("sysroot", error.Message, StringComparison.Ordinal);
        }
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
