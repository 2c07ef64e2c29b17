using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// Handler classes may live in a class library the functions project references, and be registered there: the
/// checks after the build read that library too, and refuse a handler string that names the library itself.
/// </summary>
public sealed class LibraryHandlerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-library-").FullName;

    public LibraryHandlerTests() => WriteService();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task InvokeLocal_HandlerALibraryDefinesAndRegisters_IsServedByTheFunctionsProject()
    {
        var run = await InvokeAsync("shared");

        Assert.True(run.ExitCode == 0, run.Error);
        using var answer = JsonDocument.Parse(run.Out);
        Assert.Equal("from the library", answer.RootElement.GetProperty("body").GetString());
    }

    // Registered a library further down, or through a helper that happens to sit in namespace System.
    [Theory]
    [InlineData("deep", "from the library's library")]
    [InlineData("logged", "through a helper in namespace System")]
    public async Task InvokeLocal_HandlerRegisteredDeeperOrThroughAHelper_IsServed(string function, string body)
    {
        var run = await InvokeAsync(function);

        Assert.True(run.ExitCode == 0, run.Error);
        using var answer = JsonDocument.Parse(run.Out);
        Assert.Equal(body, answer.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task InvokeLocal_HandlerNamingTheLibraryAssembly_ReportsStr3026NamingTheFunctionsProject()
    {
        var run = await InvokeAsync("library");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("serverless.yml:10:14: error STR3026", run.Error, StringComparison.Ordinal);
        Assert.Contains(
            "'Shop.Functions', the functions project that references it", run.Error, StringComparison.Ordinal);
    }

    // Only a platform generic (List<T> here) names this class: no AddHandler<T>() can be reached that way.
    [Fact]
    public async Task InvokeLocal_LibraryHandlerNamedOnlyByAPlatformGeneric_ReportsStr3022()
    {
        var run = await InvokeAsync("unregistered");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("serverless.yml:12:14: error STR3022", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> InvokeAsync(string function) =>
        CliRun.RunAsync("invoke", "local", "-f", function, "--config", Path.Combine(_folder, "serverless.yml"));

    private void WriteService()
    {
        var sdk = Path.Combine(RepositoryPaths.Root, "src", "Stratus.Functions", "Stratus.Functions.csproj");
        Write("serverless.yml", """
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              shared:
                handler: Shop.Functions::Shop.Shared.LibraryHandler
              library:
                # The handler is on line 10, column 14.
                handler: Shop.Shared::Shop.Shared.LibraryHandler
              unregistered:
                handler: Shop.Functions::Shop.Shared.UnregisteredHandler
              deep:
                handler: Shop.Functions::Shop.Deep.DeepHandler
              logged:
                handler: Shop.Functions::Shop.Shared.LoggedHandler
            """);
        var library = "../Shop.Shared/Shop.Shared.csproj";
        Write("src/Shop.Functions/Shop.Functions.csproj", Project("<OutputType>Exe</OutputType>", library));
        Write("src/Shop.Functions/Program.cs", """
            return await Stratus.Functions.FunctionApp.RunAsync(Shop.Shared.Registrations.AddAll);
            """);
        Write("src/Shop.Shared/Shop.Shared.csproj", Project("", sdk, "../Shop.Deep/Shop.Deep.csproj"));
        Write("src/Shop.Deep/Shop.Deep.csproj", Project("", sdk));
        Write("src/Shop.Deep/Deep.cs", """
            using Stratus.Functions;

            namespace Shop.Deep;

            public static class DeepRegistrations
            {
                public static void Add(FunctionAppBuilder app) => app.AddHandler<DeepHandler>();
            }

            public sealed class DeepHandler : HttpApiHandler
            {
                protected override Task<HttpApiResponse> HandleAsync(
                    HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                    Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "from the library's library" });
            }
            """);
        Write("src/Shop.Shared/Logged.cs", """
            using Stratus.Functions;

            namespace System
            {
                public static class LoggedRegistration
                {
                    public static FunctionAppBuilder AddLogged<T>(this FunctionAppBuilder app)
                        where T : class, IFunctionHandler => app.AddHandler<T>();
                }
            }

            namespace Shop.Shared
            {
                public sealed class LoggedHandler : HttpApiHandler
                {
                    protected override Task<HttpApiResponse> HandleAsync(
                        HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                        Task.FromResult(
                            new HttpApiResponse { StatusCode = 200, Body = "through a helper in namespace System" });
                }
            }
            """);
        Write("src/Shop.Shared/Handlers.cs", """
            using Stratus.Functions;

            namespace Shop.Shared;

            public static class Registrations
            {
                // Names UnregisteredHandler in a platform generic only.
                public static readonly List<UnregisteredHandler> Seen = [];

                public static void AddAll(FunctionAppBuilder app)
                {
                    app.AddHandler<LibraryHandler>().AddLogged<LoggedHandler>();
                    Shop.Deep.DeepRegistrations.Add(app);
                }
            }

            public sealed class LibraryHandler : HttpApiHandler
            {
                protected override Task<HttpApiResponse> HandleAsync(
                    HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                    Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "from the library" });
            }

            public sealed class UnregisteredHandler : HttpApiHandler
            {
                protected override Task<HttpApiResponse> HandleAsync(
                    HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                    Task.FromResult(new HttpApiResponse { StatusCode = 204 });
            }
            """);
    }

    private static string Project(string properties, params string[] references) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {properties}
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            {string.Concat(references.Select(reference => $"<ProjectReference Include=\"{reference}\" />"))}
          </ItemGroup>
        </Project>
        """;

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
