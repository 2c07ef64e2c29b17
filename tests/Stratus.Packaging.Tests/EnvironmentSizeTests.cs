using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>Lambda's 4 KB for a function's environment, measured as `package` writes it.</summary>
public sealed class EnvironmentSizeTests
{
    [Fact]
    public void Measure_Variables_CountsTheJsonObjectLambdaMeasures()
    {
        var size = EnvironmentSize.Measure([new("A", "b"), new("QUOTE", "\"é")]);

        // {"A":"b","QUOTE":"\"é"}: the quote escaped, é two bytes in UTF-8.
        Assert.Equal(24, size);
    }

    [Fact]
    public async Task Package_FunctionEnvironmentOverFourKilobytes_ReportsStr3029AtItsEnvironment()
    {
        using var service = Net8Service(
            provider: $"  environment:\n    SHARED: {new string('p', 2000)}\n",
            function: $"    environment:\n      OWN: {new string('f', 2100)}\n");

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3029", error.Code);
        Assert.Equal((service.ConfigPath, 10, 5), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains("function 'orders' has environment variables of", error.Message, StringComparison.Ordinal);
        Assert.Contains("the largest is 'OWN'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_OnlyProviderEnvironment_ReportsStr3029AtTheProvidersEnvironment()
    {
        using var service = Net8Service(
            provider: $"  environment:\n    SHARED: {new string('p', 4100)}\n",
            function: "");

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3029", error.Code);
        Assert.Equal((5, 3), (error.At.Line, error.At.Column));
    }

    [Fact]
    public async Task Package_HandlerVariableTipsItOver_CountsWhatTheManifestWrites()
    {
        // {"OWN":"..."} is 10 bytes beside the value: 4086 characters fill 4096 exactly, and STRATUS_HANDLER,
        // which the manifest adds for a dotnet8 function, takes it over.
        using var service = Net8Service(
            provider: "",
            function: $"    environment:\n      OWN: {new string('f', 4086)}\n");
        var loaded = service.Load();
        Assert.Equal(EnvironmentSize.LambdaLimit, EnvironmentSize.Measure(loaded.Functions[0].Environment));

        var error = Assert.Single((await service.PackageFailsAsync()).Errors);

        Assert.Equal("STR3029", error.Code);
        Assert.Empty(EnvironmentSize.Check(loaded));
    }

    [Fact]
    public void Check_SecretResolvedToItsEnvelope_MeasuresTheEnvelope()
    {
        using var service = Net8Service(
            provider: "",
            function: "    environment:\n      TOKEN: ${s3:dev-secrets/token}\n");
        var envelope = "stratus:v1:kms:" + new string('A', 4200);
        var options = new ServiceLoadOptions
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["s3"] = new FixedSource(envelope) },
        };

        var error = Assert.Single(EnvironmentSize.Check(ServiceLoader.Load(service.ConfigPath, options)));

        Assert.Equal("STR3029", error.Code);
        Assert.Contains("the largest is 'TOKEN'", error.Message, StringComparison.Ordinal);
    }

    // A dotnet8 function needs a project that targets net8.0, else package stops earlier with STR3011.
    private static TempService Net8Service(string provider, string function)
    {
        var service = new TempService(Service(provider, function));
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <AssemblyName>Shop.Functions</AssemblyName>
              </PropertyGroup>
            </Project>
            """);
        return service;
    }

    private static string Service(string provider, string function) => $"""
        service: shop
        provider:
          name: aws
          runtime: dotnet8
        {provider}functions:
          orders:
            handler: Shop.Functions::Shop.Functions.OrdersHandler
        {function}
        """;

    private sealed class FixedSource(string value) : IVariableSource
    {
        public ValueTask<VariableSourceResult> ResolveAsync(
            VariableSourceRequest request,
            CancellationToken cancellationToken) =>
            ValueTask.FromResult(VariableSourceResult.FoundText(value, request.At, isSecret: true));
    }
}
