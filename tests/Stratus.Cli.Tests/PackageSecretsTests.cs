using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus package` reads the stage's real secrets, because what it writes is deployed: a missing one is a located
/// error saying how to store it, and a source that would put plain text into the package is refused.
/// </summary>
public sealed class PackageSecretsTests : IDisposable
{
    private readonly PrebuiltUsersService _service = new();
    private readonly string _stage = "p" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Package_LocalSecretMissing_FailsAtEachReferenceWithTheBucketKeyAndSetCommand()
    {
        var run = await CliRun.RunAsync("package", "--local", "--stage", _stage, "--config", _service.ConfigPath);

        Assert.Equal(2, run.ExitCode);
        foreach (var (line, column) in References(_service.ConfigPath, "${s3:"))
        {
            Assert.Contains($"{_service.ConfigPath}:{line}:{column}: error STR1122:", run.Error);
        }

        Assert.Contains($"the local store has no object 'jwtSecret' in bucket '{_stage}-secrets'", run.Error);
        Assert.Contains($"fix: store it with 'stratus secrets set jwtSecret --local --stage {_stage}'", run.Error);
        Assert.Contains("2 errors.", run.Error);
        Assert.False(Directory.Exists(_service.PackageDirectory));
    }

    [Fact]
    public async Task Package_LocalSecretMissingWithFallback_PackagesTheFallback()
    {
        var text = await File.ReadAllTextAsync(_service.ConfigPath);
        await File.WriteAllTextAsync(
            _service.ConfigPath,
            text.Replace("-secrets/jwtSecret}", "-secrets/jwtSecret, 'no-secret-here'}", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("package", "--local", "--stage", _stage, "--config", _service.ConfigPath);

        Assert.Equal(0, run.ExitCode);
        var manifest = await File.ReadAllTextAsync(Path.Combine(_service.PackageDirectory, "manifest.json"));
        Assert.Contains("\"JWT_SECRET\": \"no-secret-here\"", manifest);
    }

    [Fact]
    public async Task Package_SsmDecryptedSecureString_IsRefusedAtTheReference()
    {
        // Only the SSM reference is left, so the refusal is the one outcome and nothing contacts AWS.
        var text = (await File.ReadAllTextAsync(_service.ConfigPath))
            .Replace("${env:SERVICE_VERSION, '1.0.0'}", "${ssm:/users/dbPassword~true}", StringComparison.Ordinal)
            .Replace("${s3:${sls:stage}-secrets/jwtSecret}", "not-a-secret", StringComparison.Ordinal);
        await File.WriteAllTextAsync(_service.ConfigPath, text);
        var (line, column) = References(_service.ConfigPath, "${ssm:").Single();

        var run = await CliRun.RunAsync("package", "--stage", _stage, "--config", _service.ConfigPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{_service.ConfigPath}:{line}:{column}: error STR1111:", run.Error);
        Assert.Contains(
            "'/users/dbPassword' is a SecureString, and its decrypted value would be plain text in the package",
            run.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("2 errors.", run.Error);
        Assert.False(Directory.Exists(_service.PackageDirectory));
    }

    // The SDK decrypts only an environment variable whose whole value is the envelope; a description would ship it
    // as ciphertext. print reads no secret ('***'), so, as for STR1130, only the commands that read them refuse it.
    [Fact]
    public async Task Package_LocalSecretAsADescription_IsRefusedAtTheReferenceWhilePrintLoads()
    {
        const string Plaintext = "described-secret-4b1e";
        var text = (await File.ReadAllTextAsync(_service.ConfigPath)).Replace(
            "  getMe:\n",
            "  getMe:\n    description: ${s3:${sls:stage}-secrets/jwtSecret}\n",
            StringComparison.Ordinal);
        await File.WriteAllTextAsync(_service.ConfigPath, text);
        var (line, column) = References(_service.ConfigPath, "description: ${s3:").Single();
        var set = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--value", Plaintext, "--local", "--stage", _stage,
            "--config", _service.ConfigPath);

        var package = await CliRun.RunAsync("package", "--local", "--stage", _stage, "--config", _service.ConfigPath);
        var print = await CliRun.RunAsync("print", "--stage", _stage, "--config", _service.ConfigPath);

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(2, package.ExitCode);
        Assert.Contains(
            $"{_service.ConfigPath}:{line}:{column + "description: ".Length}: error STR1131: " +
            "'${s3:${sls:stage}-secrets/jwtSecret}' places a stored secret at 'functions.getMe.description'",
            package.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, package.Out + package.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("stratus:v1", package.Out + package.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_service.PackageDirectory));
        Assert.Equal(0, print.ExitCode);
    }

    /// <summary>The 1-based line and column of every occurrence of <paramref name="start"/> in a file.</summary>
    internal static List<(int Line, int Column)> References(string path, string start) =>
        File.ReadAllLines(path)
            .Select((text, index) => (Line: index + 1, Column: text.IndexOf(start, StringComparison.Ordinal) + 1))
            .Where(found => found.Column > 0)
            .ToList();
}
