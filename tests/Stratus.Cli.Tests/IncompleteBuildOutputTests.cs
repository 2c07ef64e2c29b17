using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// An executable's build output that lost its runtimeconfig.json (as when two builds of one project through two
/// paths, such as a symlink, run MSBuild's incremental clean against each other) is reported as what it is, not
/// as a handler naming a class library.
/// </summary>
public sealed class IncompleteBuildOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-incomplete-").FullName;

    public IncompleteBuildOutputTests() => WriteService();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task InvokeLocal_ExecutableWhoseRuntimeConfigWasRemoved_ReportsStr3028AtTheProjectNotStr3026()
    {
        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "hello", "--config", Path.Combine(_folder, "serverless.yml"));

        Assert.Equal(2, run.ExitCode);
        var project = Path.Combine(_folder, "src", "Hello", "Hello.csproj");
        Assert.Contains($"{project}: error STR3028: the build succeeded, but '", run.Error, StringComparison.Ordinal);
        Assert.Contains("Hello.runtimeconfig.json' is gone from its output", run.Error, StringComparison.Ordinal);
        Assert.Contains("fix: build the project through one path only", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("STR3026", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task InvokeLocal_ExecutableThatTurnsOffItsRuntimeConfig_ReportsStr3028NamingTheProperty()
    {
        var project = Path.Combine(_folder, "src", "Hello", "Hello.csproj");
        var text = File.ReadAllText(project).Replace(
            "<OutputType>Exe</OutputType>",
            "<OutputType>Exe</OutputType><GenerateRuntimeConfigurationFiles>false</GenerateRuntimeConfigurationFiles>",
            StringComparison.Ordinal);
        File.WriteAllText(project, text);

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "hello", "--config", Path.Combine(_folder, "serverless.yml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            $"{project}: error STR3028: the project sets GenerateRuntimeConfigurationFiles to false",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains("fix: remove <GenerateRuntimeConfigurationFiles>", run.Error, StringComparison.Ordinal);
    }

    private void WriteService()
    {
        var sdk = Path.Combine(RepositoryPaths.Root, "src", "Stratus.Functions", "Stratus.Functions.csproj");
        Write("serverless.yml", """
            service: hello
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              hello:
                handler: Hello::Hello.HelloHandler
            """);

        // The target stands in for the other build's incremental clean.
        Write("src/Hello/Hello.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{sdk}" />
              </ItemGroup>
              <Target Name="LoseRuntimeConfig" AfterTargets="Build">
                <Delete Files="$(ProjectRuntimeConfigFilePath)" />
              </Target>
            </Project>
            """);
        Write("src/Hello/Program.cs", """
            using Stratus.Functions;

            return await FunctionApp.RunAsync(app => app.AddHandler<Hello.HelloHandler>());

            namespace Hello
            {
                public sealed class HelloHandler : HttpApiHandler
                {
                    protected override Task<HttpApiResponse> HandleAsync(
                        HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                        Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "hello" });
                }
            }
            """);
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
