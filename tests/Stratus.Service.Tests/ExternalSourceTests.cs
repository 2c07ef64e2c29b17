namespace Stratus.Service.Tests;

public sealed class ExternalSourceTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task LoadAsync_RegisteredSsmSource_ResolvesAndMarksSecret()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/app/dev/token"] = "s3cr3t" });
        var yaml = Yaml.WithCustom("token: ${ssm(eu-west-1):/app/${sls:stage}/token}", "other: x");
        _service.Write("serverless.yml", yaml);

        var service = await ServiceLoader.LoadAsync(_service.ConfigPath, Options(ssm));

        Assert.Equal("s3cr3t", Yaml.Value(service, "custom.token"));
        Assert.Contains("custom.token", service.SecretPaths);
        var request = Assert.Single(ssm.Requests);
        Assert.Equal(
            ("ssm", "/app/dev/token", "dev", "us-east-1"),
            (request.Source, request.Address, request.Stage, request.Region));
        Assert.Equal(["eu-west-1"], request.Parameters);
        Assert.Equal((6, 10), (request.At.Line, request.At.Column));
        var printed = ServicePrinter.ToYaml(service.Resolved, service.SecretPaths);
        Assert.DoesNotContain("s3cr3t", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ExternalValueMissing_UsesFallbackOrReports()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string>());
        _service.Write("serverless.yml", Yaml.WithCustom("a: ${ssm:/nope, 'local'}"));

        var service = await ServiceLoader.LoadAsync(_service.ConfigPath, Options(ssm));
        _service.Write("serverless.yml", Yaml.WithCustom("a: ${ssm:/nope}"));
        var exception = await Assert.ThrowsAsync<ConfigException>(() => LoadAsync(ssm));

        Assert.Equal("local", Yaml.Value(service, "custom.a"));
        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ExternalValueNotFound, error.Code);
        Assert.Contains("parameter '/nope' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SourceThrows_ReportsLocatedErrorWithItsFix()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string>());
        _service.Write("serverless.yml", Yaml.WithCustom("a: ${ssm:/broken}", "b: ${ssm:/crash}"));

        var exception = await Assert.ThrowsAsync<ConfigException>(() => LoadAsync(ssm));

        Assert.Equal(2, exception.Errors.Count);
        Assert.All(exception.Errors, error => Assert.Equal(ConfigErrorCodes.ExternalSourceFailed, error.Code));
        Assert.Equal("name it like /app/key.", exception.Errors[0].Fix);
        Assert.Contains("connection reset", exception.Errors[1].Message, StringComparison.Ordinal);
    }

    // A secret quoted in an error would reach the console and CI logs: every error masks secret values, wherever
    // they went (a setting's check, a path built from them, a function's settings).
    [Fact]
    public async Task LoadAsync_ErrorsQuotingASecretValue_MaskIt()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/app/str"] = "PLAINPASSWORD" });
        _service.Write("serverless.yml", """
            service: masked
            provider:
              name: aws
              memorySize: ${ssm:/app/str}
            custom:
              bool: ${strToBool(${ssm:/app/str})}
              ref: ${self:custom.${ssm:/app/str}}
            """);

        var exception = await Assert.ThrowsAsync<ConfigException>(() => LoadAsync(ssm));

        Assert.NotEmpty(exception.Errors);
        Assert.All(exception.Errors, error =>
            Assert.DoesNotContain("PLAINPASSWORD", error.Message + error.Fix, StringComparison.Ordinal));
        Assert.DoesNotContain("PLAINPASSWORD", exception.Message, StringComparison.Ordinal);
        Assert.Contains(exception.Errors, error => error.Message.Contains("'***'", StringComparison.Ordinal));
    }

    // A stored secret reaches the function as ciphertext it decrypts only when it is a whole value.
    [Fact]
    public async Task LoadAsync_EncryptedSecretJoinedIntoText_IsRefusedAtTheVariable()
    {
        _service.Write("serverless.yml", """
            service: joined
            provider:
              name: aws
            custom:
              whole: ${s3:dev-secrets/token}
              joined: Bearer ${s3:dev-secrets/token}
              through: Bearer ${self:custom.whole}
            """);

        var exception = await LoadFailsWithEnvelopesAsync();

        Assert.Equal(2, exception.Errors.Count);
        Assert.All(exception.Errors, error => Assert.Equal(ConfigErrorCodes.EncryptedSecretInText, error.Code));
        Assert.Equal((6, 18), (exception.Errors[0].At.Line, exception.Errors[0].At.Column));
        Assert.Contains(
            "'${self:custom.whole}' is a stored secret", exception.Errors[1].Message, StringComparison.Ordinal);
        AssertNoCiphertext(exception);
    }

    // The SDK decrypts an environment variable only when its whole value is an envelope (SecretDecryptor); a whole
    // value anywhere else (a CloudFormation function, tags, a description) would be deployed as ciphertext.
    [Fact]
    public async Task LoadAsync_EncryptedSecretWhereNothingDecryptsIt_IsRefusedAtEachVariable()
    {
        _service.Write("serverless.yml", """
            service: placed
            provider:
              name: aws
              environment:
                AUTH:
                  Fn::Join: ['', ['Bearer ', '${s3:dev-secrets/token}']]
              tags:
                token: ${s3:dev-secrets/token}
              stackTags:
                token: ${self:custom.whole}
            custom:
              whole: ${s3:dev-secrets/token}
            functions:
              api:
                handler: A::A.B
                description: ${s3:dev-secrets/token}
                tags:
                  token: ${s3:dev-secrets/token}
                environment:
                  SIGNED: !Sub ['Bearer ${t}', {t: '${s3:dev-secrets/token}'}]
            """);

        var exception = await LoadFailsWithEnvelopesAsync();

        Assert.All(exception.Errors, error => Assert.Equal(ConfigErrorCodes.EncryptedSecretNeverDecrypted, error.Code));
        Assert.Equal(
            [(6, 35), (8, 12), (10, 12), (16, 18), (18, 14), (20, 41)],
            exception.Errors.Select(error => (error.At.Line, error.At.Column)));
        Assert.Contains("'provider.stackTags.token'", exception.Errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("'${self:custom.whole}' places", exception.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("'AUTH_SECRET: ${s3:dev-secrets/token}'", exception.Errors[0].Fix, StringComparison.Ordinal);
        Assert.Contains("'NAME: ${s3:dev-secrets/token}'", exception.Errors[1].Fix, StringComparison.Ordinal);
        AssertNoCiphertext(exception);
    }

    [Fact]
    public async Task LoadAsync_EncryptedSecretAsAWholeEnvironmentValueOrHeldInCustom_Loads()
    {
        _service.Write("serverless.yml", """
            service: placed
            provider:
              name: aws
              environment:
                TOKEN: ${s3:dev-secrets/token}
            params:
              default:
                token: ${s3:dev-secrets/token}
            custom:
              secrets:
                token: ${s3:dev-secrets/token}
            functions:
              - api:
                  handler: A::A.B
                  environment:
                    FROM_CUSTOM: ${self:custom.secrets.token}
                    FROM_PARAM: ${param:token}
            """);

        var service = await ServiceLoader.LoadAsync(_service.ConfigPath, EnvelopeOptions());

        Assert.Equal(Envelope, service.FindFunction("api")!.Environment["FROM_PARAM"]);
        Assert.Equal(Envelope, service.FindFunction("api")!.Environment["TOKEN"]);
    }

    // print masks ${s3:} as '***' and marks nothing encrypted, as for STR1130: there is no ciphertext to judge.
    [Fact]
    public async Task LoadAsync_StandInForASecretInTags_IsNotJudged()
    {
        _service.Write("serverless.yml", """
            service: placed
            provider:
              name: aws
              tags:
                token: ${s3:dev-secrets/token}
            """);
        var options = TempService.DevOptions() with
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["s3"] = new StandInSource(true) },
        };

        var service = await ServiceLoader.LoadAsync(_service.ConfigPath, options);

        Assert.Equal("***", Yaml.Value(service, "provider.tags.token"));
    }

    // print and secrets show '***' for what they do not read; a number or a schedule from a secret must still load.
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    public async Task LoadAsync_SettingsHoldingAStandIn_AreNotJudgedByIt(bool placeholder, int errors)
    {
        _service.Write("serverless.yml", """
            service: pm
            provider:
              name: aws
              timeout: ${ssm:/svc/timeout}
              memorySize: ${ssm:/svc/mem}
            functions:
              f:
                handler: A::A.B
                events:
                  - schedule: ${ssm:/svc/rate}
            """);
        var options = TempService.DevOptions() with
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["ssm"] = new StandInSource(placeholder) },
        };

        var failure = await Record.ExceptionAsync(() => ServiceLoader.LoadAsync(_service.ConfigPath, options));

        Assert.Equal(errors, (failure as ConfigException)?.Errors.Count ?? 0);
    }

    [Fact]
    public void Load_SynchronousCallWithAsyncSource_StillResolves()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/k"] = "v" });

        var service = _service.Load(Yaml.WithCustom("a: ${ssm:/k}"), Options(ssm));

        Assert.Equal("v", Yaml.Value(service, "custom.a"));
    }

    /// <summary>Answers every reference with a stored secret's envelope, as package's and dev's s3 do.</summary>
    private const string Envelope = "stratus:v1:local:k1:c2VjcmV0";

    private static ServiceLoadOptions EnvelopeOptions() => TempService.DevOptions() with
    {
        ExternalSources = new Dictionary<string, IVariableSource> { ["s3"] = new EnvelopeSource() },
    };

    private Task<ConfigException> LoadFailsWithEnvelopesAsync() =>
        Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(_service.ConfigPath, EnvelopeOptions()));

    private static void AssertNoCiphertext(ConfigException exception) =>
        Assert.All(exception.Errors, error =>
            Assert.DoesNotContain("stratus:v1", error.Message + error.Fix, StringComparison.Ordinal));

    private sealed class EnvelopeSource : IVariableSource
    {
        public ValueTask<VariableSourceResult> ResolveAsync(
            VariableSourceRequest request,
            CancellationToken cancellationToken) =>
            ValueTask.FromResult(
                VariableSourceResult.FoundText(Envelope, request.At, isSecret: true) with
                {
                    IsEncrypted = true,
                });
    }

    /// <summary>Answers '***' for every reference, marked a stand-in or not.</summary>
    private sealed class StandInSource(bool placeholder) : IVariableSource
    {
        public ValueTask<VariableSourceResult> ResolveAsync(
            VariableSourceRequest request,
            CancellationToken cancellationToken) =>
            ValueTask.FromResult(
                VariableSourceResult.FoundText("***", request.At, isSecret: true) with { IsPlaceholder = placeholder });
    }

    private Task<ServiceDefinition> LoadAsync(IVariableSource ssm) =>
        ServiceLoader.LoadAsync(_service.ConfigPath, Options(ssm));

    private static ServiceLoadOptions Options(IVariableSource ssm) => TempService.DevOptions() with
    {
        ExternalSources = new Dictionary<string, IVariableSource> { ["ssm"] = ssm },
    };
}
