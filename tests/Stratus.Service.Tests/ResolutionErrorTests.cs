namespace Stratus.Service.Tests;

public sealed class ResolutionErrorTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Resolve_MissingSelfPath_ReportsPathAndLocation()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${self:custom.nope}")).Errors);

        Assert.Equal(ConfigErrorCodes.SelfPathNotFound, error.Code);
        Assert.Equal((6, 6), (error.At.Line, error.At.Column));
        Assert.Contains("'custom.nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingOptionWithoutFallback_ReportsOption()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${opt:tier}")).Errors);

        Assert.Equal(ConfigErrorCodes.OptionNotSet, error.Code);
        Assert.Contains("'--tier'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingParamWithoutFallback_ReportsParam()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${param:table}")).Errors);

        Assert.Equal(ConfigErrorCodes.ParamNotSet, error.Code);
    }

    [Fact]
    public void Resolve_TwoMissingValues_ReportsBoth()
    {
        var exception = _service.LoadFails(Yaml.WithCustom("a: ${env:ONE}", "b: ${env:TWO}"));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Equal([6, 7], exception.Errors.Select(error => error.At.Line));
    }

    [Theory]
    [InlineData("${env:NOPE_A, ${env:NOPE_B, 'c'}}", "${env:NOPE_A, env:NOPE_B, 'c'}")]
    [InlineData("x-${env:A, ${self:custom.b, ${opt:c, 'd}'}}}-y", "${env:A, self:custom.b, opt:c, 'd}'}")]
    [InlineData("${file(./a.yml, ${opt:x}):k, ${env:B}}", "${file(./a.yml, ${opt:x}):k, env:B}")]
    public void Resolve_VariableAsFallback_QuotesWholeVariableAndShowsV3Form(string value, string v3Form)
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom($"a: \"{value}\"")).Errors);

        var variable = value[value.IndexOf('$', StringComparison.Ordinal)..(value.LastIndexOf('}') + 1)];
        Assert.Equal(ConfigErrorCodes.VariableSyntax, error.Code);
        Assert.StartsWith($"the variable '{variable}' has a '${{...}}' variable as a fallback", error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith($": {v3Form}", error.Fix, StringComparison.Ordinal);
        Assert.Equal((6, 7 + value.IndexOf('$', StringComparison.Ordinal), variable.Length),
            (error.At.Line, error.At.Column, error.At.Length));
    }

    [Fact]
    public void Resolve_FileIncludingItself_ReportsOneCyclePerVariableWithChain()
    {
        _service.Write("a.yml", "y: ${file(./a.yml)}\nw: ${file(./a.yml)}\n");

        var errors = _service.LoadFails(Yaml.WithCustom("x: ${file(./a.yml)}", "z: ${file(./a.yml)}")).Errors;

        Assert.Equal(2, errors.Count);
        Assert.All(errors, error => Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code));
        Assert.All(errors, error => Assert.EndsWith("a.yml", error.At.File, StringComparison.Ordinal));
        Assert.Equal([1, 2], errors.Select(error => error.At.Line).Order());
        Assert.All(errors, error => Assert.Contains(
            "custom.x → file(./a.yml) → file(./a.yml).", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_IncludedFilePointingBackThroughFile_ReportsCycleOnce()
    {
        _service.Write("a.yml", "y: ${file(./b.yml):z}\n").Write("b.yml", "z: ${file(./serverless.yml):custom.x}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./a.yml):y}")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code);
        Assert.Equal((6, 6), (error.At.Line, error.At.Column));
        Assert.Contains(
            "custom.x → file(./a.yml):y → file(./b.yml):z → file(./serverless.yml):custom.x → file(./a.yml):y.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IncludedFileReferringToItsIncludingValue_NamesHolderAndInclude()
    {
        _service.Write("a.yml", "y: ${self:custom.x}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./a.yml)}")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code);
        Assert.Contains("'custom.x' holds 'custom.x.y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("read through custom.x → file(./a.yml)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FileIncludingAnotherAddressOfItself_IsNoCycle()
    {
        _service.Write("a.yml", "y: ${file(./a.yml):z}\nz: ${file(./b.yml):n}\n").Write("b.yml", "n: 1\n");

        var service = _service.Load(Yaml.WithCustom("x: ${file(./a.yml)}", "w: ${file(./a.yml):y}"));

        Assert.Equal("1", Yaml.Value(service, "custom.x.y"));
        Assert.Equal("1", Yaml.Value(service, "custom.w"));
    }

    [Fact]
    public void Resolve_IncludedYamlWithOpenBracketAtEnd_PointsAtBracketAndNamesIncluder()
    {
        _service.Write("broken.yml", "a: 1\nb: [\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./broken.yml)}")).Errors);

        Assert.Equal(ConfigErrorCodes.YamlUnclosed, error.Code);
        Assert.EndsWith("broken.yml", error.At.File, StringComparison.Ordinal);
        Assert.Equal((2, 4), (error.At.Line, error.At.Column));
        Assert.EndsWith(
            $"The file is read by '${{file(./broken.yml)}}' at {_service.ConfigPath}:6:6.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IncludedJsonWithTrailingComma_ExplainsWithoutReaderOptionsAndNamesIncluder()
    {
        _service.Write("broken.json", "{\"a\": [1,]}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./broken.json):a}")).Errors);

        Assert.Equal(ConfigErrorCodes.JsonSyntax, error.Code);
        Assert.DoesNotContain("reader options", error.Message, StringComparison.Ordinal);
        Assert.Contains("trailing comma", error.Message, StringComparison.Ordinal);
        Assert.Contains("The file is read by '${file(./broken.json):a}'", error.Message, StringComparison.Ordinal);
    }

    // JSON.parse reads an included .json as it reads serverless.json; columns count characters, not UTF-8 bytes.
    [Fact]
    public void Resolve_IncludedJsonAfterNonAsciiText_PointsAtTheVariableByCharacter()
    {
        _service.Write("data.json", "{\"équipe\": \"données\", \"a\": \"${env:NO_SUCH_VAR_3e1}\"}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./data.json):a}")).Errors);

        Assert.Equal(ConfigErrorCodes.EnvVariableNotSet, error.Code);
        Assert.EndsWith("data.json", error.At.File, StringComparison.Ordinal);
        Assert.Equal((1, 29), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Resolve_IncludedJsonWithLoneSurrogateEscape_IsTheBadEscapeErrorAtTheEscapeInThatFile()
    {
        _service.Write("data.json", "{\"ü\": 1, \"a\": \"x\\ud800y\"}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./data.json):a}")).Errors);

        Assert.Equal(ConfigErrorCodes.YamlBadEscape, error.Code);
        Assert.EndsWith("data.json", error.At.File, StringComparison.Ordinal);
        Assert.Equal((1, 17), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Resolve_IncludedJsonWithComment_SaysJsonHasNoCommentsAtTheComment()
    {
        _service.Write("data.json", "{\"ü\": 1, /* why */ \"a\": 2}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./data.json):a}")).Errors);

        Assert.Equal(ConfigErrorCodes.JsonSyntax, error.Code);
        Assert.Equal((1, 10), (error.At.Line, error.At.Column));
        Assert.Contains("this is a comment, which JSON does not allow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TwoPropertyCycle_ReportsChain()
    {
        var yaml = Yaml.WithCustom("a: ${self:custom.b}", "b: ${self:custom.a}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code);
        Assert.Contains("custom.a → custom.b → custom.a", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.At.Line);
    }

    [Fact]
    public void Resolve_ThreePropertyCycle_ReportsChain()
    {
        var yaml = Yaml.WithCustom("a: x-${self:custom.b}", "b: ${self:custom.c}", "c: ${self:custom.a}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code);
        Assert.Contains("custom.a → custom.b → custom.c → custom.a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ReferenceToOwnParent_IsACycle()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: 1", "all: ${self:custom}")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableCycle, error.Code);
    }

    [Fact]
    public void Resolve_WholeRootReference_IsReportedAsCycle()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.Service("serviceReference: ${self:}")).Errors);

        Assert.Equal(ConfigErrorCodes.SelfRoot, error.Code);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownSource_NamesItAndListsKnownOnes()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("q: ${construct:jobs.queueUrl}")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableUnknownSource, error.Code);
        Assert.Contains("'construct'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'self'", error.Fix, StringComparison.Ordinal);
        Assert.Contains("'env'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AwsSourceWithoutProvider_SaysItNeedsAws()
    {
        var yaml = Yaml.WithCustom("token: ${ssm:/app/token}", "blob: ${s3:bucket/key}", "out: ${cf:stack.Output}");

        var errors = _service.LoadFails(yaml).Errors;

        Assert.Equal(3, errors.Count);
        Assert.All(errors, error => Assert.Equal(ConfigErrorCodes.SourceNeedsAws, error.Code));
        Assert.Contains(
            "'ssm:' reads from AWS, which this command does not call", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("SSM parameters are read by 'stratus package'", errors[0].Fix, StringComparison.Ordinal);
        Assert.EndsWith("or give the variable a fallback: ${ssm:/app/token, 'default'}", errors[0].Fix);
        Assert.StartsWith("no Stratus command reads CloudFormation outputs", errors[2].Fix, StringComparison.Ordinal);
    }

    // Local runs read no AWS parameter, so a fallback is how a service gives them their own value.
    [Fact]
    public void Resolve_AwsSourceWithoutProviderButWithAFallback_UsesTheFallback()
    {
        var yaml = Yaml.WithCustom("host: ${ssm:/db/host, 'localhost'}", "out: ${cf:stack.Output, env:NOPE, 'x'}");

        var service = _service.Load(yaml);

        Assert.Equal("localhost", Yaml.Value(service, "custom.host"));
        Assert.Equal("x", Yaml.Value(service, "custom.out"));
    }

    [Fact]
    public void Resolve_AccountIdOffline_ErrorsUnlessFallback()
    {
        var withFallback = _service.Load(Yaml.WithCustom("id: ${aws:accountId, '000000000000'}"));
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("id: ${aws:accountId}")).Errors);

        Assert.Equal("000000000000", Yaml.Value(withFallback, "custom.id"));
        Assert.Equal(ConfigErrorCodes.AccountIdOffline, error.Code);
    }

    [Fact]
    public void Resolve_UnclosedVariable_ReportsUnterminated()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: x-${opt:stage")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableUnterminated, error.Code);
        Assert.Equal((6, 8), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Resolve_BareWordFallback_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${opt:stage, dev}")).Errors);

        Assert.Equal(ConfigErrorCodes.VariableBareWordFallback, error.Code);
        Assert.Contains("'dev'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NullInsideText_ReportsNonString()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: elo${opt:x, null}")).Errors);

        Assert.Equal(ConfigErrorCodes.NonStringInString, error.Code);
    }

    [Fact]
    public void Resolve_ObjectInsideText_ReportsNonString()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("o:", "  k: v", "a: x-${self:custom.o}")).Errors);

        Assert.Equal(ConfigErrorCodes.NonStringInString, error.Code);
    }

    [Fact]
    public void Resolve_SlsUnknownAddress_ReportsIt()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${sls:foo}")).Errors);

        Assert.Equal(ConfigErrorCodes.InvalidSourceAddress, error.Code);
    }

    [Fact]
    public void Resolve_EndlessSelfExpansion_StopsAtNestLimit()
    {
        var options = TempService.DevOptions(environment: new Dictionary<string, string> { ["LOOP"] = "${env:LOOP}" });

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${env:LOOP}"), options).Errors);

        Assert.Equal(ConfigErrorCodes.VariableNestTooDeep, error.Code);
    }

    [Fact]
    public void Resolve_DependentOfFailedProperty_ReportsOnlyRootCause()
    {
        var yaml = Yaml.WithCustom("a: ${env:MISSING}", "b: ${self:custom.a}", "c: ${self:custom.b, 'x'}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.EnvVariableNotSet, error.Code);
    }

    [Fact]
    public void Resolve_ErrorInIncludedFile_PointsIntoThatFile()
    {
        _service.Write("inc.yml", "a: 1\nb: ${env:NOPE}\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./inc.yml)}")).Errors);

        Assert.EndsWith("inc.yml", error.At.File, StringComparison.Ordinal);
        Assert.Equal((2, 4), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Resolve_InvalidYamlInIncludedFile_PointsIntoThatFile()
    {
        _service.Write("inc.yml", "a: 1\na: 2\n");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./inc.yml)}")).Errors);

        Assert.Equal(ConfigErrorCodes.YamlDuplicateKey, error.Code);
        Assert.EndsWith("inc.yml", error.At.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_JavaScriptFile_IsRejected()
    {
        _service.Write("config.js", "module.exports = {};");

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("x: ${file(./config.js)}")).Errors);

        Assert.Equal(ConfigErrorCodes.FileTypeUnsupported, error.Code);
    }

    [Fact]
    public void Load_ErrorMessage_ShowsSourceLineAndCarets()
    {
        var exception = _service.LoadFails(Yaml.WithCustom("a: prefix-${env:NOT_SET}"));

        Assert.Contains("serverless.yml:6:13: error STR1116:", exception.Message, StringComparison.Ordinal);
        const string Excerpt = "\n    a: prefix-${env:NOT_SET}\n              ^^^^^^^^^^^^^^\n  fix: ";
        Assert.Contains(Excerpt, exception.Message, StringComparison.Ordinal);
    }
}
