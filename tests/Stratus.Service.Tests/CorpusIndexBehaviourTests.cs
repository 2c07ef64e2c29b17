namespace Stratus.Service.Tests;

/// <summary>
/// The variable-resolution behaviours listed in the corpus INDEX.md ("Variable-resolution behaviours asserted by
/// the tests", items 1 to 28), one test each, with the input and the expected value. Each test names its item.
/// </summary>
public sealed class CorpusIndexBehaviourTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Item01_AddressWithColons_ReachesSourceWhole()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["a:b:c"] = "found" });

        var service = _service.Load(Yaml.WithCustom("v: ${ssm:a:b:c}"), WithSources(("ssm", ssm)));

        Assert.Equal("found", Yaml.Value(service, "custom.v"));
        Assert.Equal("a:b:c", Assert.Single(ssm.Requests).Address);
    }

    [Fact]
    public void Item02_FallbacksOfEveryKind_AreTriedLeftToRight()
    {
        var yaml = Yaml.WithCustom("v: ${opt:none, env:NONE, self:custom.c, 'd'}", "c: from-self");

        var service = _service.Load(yaml);

        Assert.Equal("from-self", Yaml.Value(service, "custom.v"));
    }

    [Theory]
    [InlineData("${opt:none, 232}", ScalarKind.Number, "232")]
    [InlineData("${opt:none, true}", ScalarKind.Boolean, "true")]
    [InlineData("${opt:none, false}", ScalarKind.Boolean, "false")]
    [InlineData("${opt:none, null}", ScalarKind.Null, "null")]
    [InlineData("${opt:none, 'foo, bar'}", ScalarKind.Text, "foo, bar")]
    [InlineData("${opt:none, \"foo, bar\"}", ScalarKind.Text, "foo, bar")]
    public void Item03_LiteralFallbacks_AreTyped(string variable, ScalarKind kind, string value)
    {
        var service = _service.Load(Yaml.WithCustom($"v: '{variable.Replace("'", "''", StringComparison.Ordinal)}'"));

        var scalar = Yaml.Scalar(service, "custom.v");
        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, kind == ScalarKind.Null ? "null" : scalar.Value);
    }

    [Theory]
    [InlineData("${AWS::Region}", "${AWS::Region}")]
    [InlineData("${foo::Region}", "${foo::Region}")]
    [InlineData("${Database}", "${Database}")]
    [InlineData("${stageVariables.stageName}", "${stageVariables.stageName}")]
    [InlineData("${}", "${}")]
    [InlineData("${type}", "${type}")]
    [InlineData("${AWS::${opt:stage}}", "${AWS::dev}")]
    public void Item04_NonVariablePlaceholders_StayLiteralButInnerVariablesResolve(string written, string expected)
    {
        var service = _service.Load(Yaml.WithCustom($"v: '{written}'"), StageDev());

        Assert.Equal(expected, Yaml.Value(service, "custom.v"));
    }

    [Theory]
    [InlineData("${opt:foo, elo}", ConfigErrorCodes.VariableBareWordFallback)]
    [InlineData("${opt:foo,\"dev\",20}", ConfigErrorCodes.VariableSyntax)]
    [InlineData("${opt:address", ConfigErrorCodes.VariableUnterminated)]
    [InlineData("${file(${AWS::Region})}", ConfigErrorCodes.VariableSyntax)]
    public void Item05_InvalidFallbackSyntax_IsALocatedError(string written, string code)
    {
        var exception = _service.LoadFails(Yaml.WithCustom($"v: '{written}'"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(6, error.At.Line);
    }

    [Fact]
    public void Item06_Escapes_KeepLiteralOrHalveBackslashes()
    {
        var yaml = Yaml.WithCustom(@"single: '\${opt:stage}'", @"double: '\\${opt:stage}'");

        var service = _service.Load(yaml, StageDev());

        Assert.Equal("${opt:stage}", Yaml.Value(service, "custom.single"));
        Assert.Equal(@"\dev", Yaml.Value(service, "custom.double"));
    }

    [Fact]
    public void Item07_WholeValueKeepsType_TextJoinsIt()
    {
        var yaml = Yaml.WithCustom("n: 234", "whole: ${self:custom.n}", "joined: foo${self:custom.n}");

        var service = _service.Load(yaml);

        Assert.Equal(ScalarKind.Number, Yaml.Scalar(service, "custom.whole").Kind);
        Assert.Equal("234", Yaml.Value(service, "custom.whole"));
        Assert.Equal("foo234", Yaml.Value(service, "custom.joined"));
    }

    [Fact]
    public void Item08_MissingSource_FallbackOrNullOrError()
    {
        var yaml = Yaml.WithCustom("a: ${opt:missing, \"foo\"}", "b: ${opt:missing, null}");

        var service = _service.Load(yaml);
        var missing = _service.LoadFails(Yaml.WithCustom("a: ${opt:missing}"));
        var nullInText = _service.LoadFails(Yaml.WithCustom("a: elo${opt:missing, null}"));

        Assert.Equal("foo", Yaml.Value(service, "custom.a"));
        Assert.True(Yaml.Scalar(service, "custom.b").IsNull);
        Assert.Equal(ConfigErrorCodes.OptionNotSet, Assert.Single(missing.Errors).Code);
        Assert.Equal(ConfigErrorCodes.NonStringInString, Assert.Single(nullInText.Errors).Code);
    }

    [Fact]
    public void Item09_ReturnedValuesAreResolvedAgain_EndlessExpansionStops()
    {
        var environment = new Dictionary<string, string> { ["GROWS"] = "x${env:GROWS}" };
        var yaml = Yaml.WithCustom("n: 234", "obj:", "  foo: ${self:custom.n}", "copy: ${self:custom.obj}");

        var service = _service.Load(yaml);
        var endless = _service.LoadFails(Yaml.WithCustom("a: ${env:GROWS}"), TempService.DevOptions(environment));

        Assert.Equal(ScalarKind.Number, Yaml.Scalar(service, "custom.copy.foo").Kind);
        Assert.Equal("234", Yaml.Value(service, "custom.copy.foo"));
        Assert.Equal(ConfigErrorCodes.VariableNestTooDeep, Assert.Single(endless.Errors).Code);
    }

    [Fact]
    public void Item10_CyclesAndWholeRoot_AreErrors()
    {
        var twoWay = _service.LoadFails(Yaml.WithCustom("a: ${self:custom.b}", "b: ${self:custom.a}"));
        var threeWay = _service.LoadFails(
            Yaml.WithCustom("a: ${self:custom.b}", "b: ${self:custom.c}", "c: ${self:custom.a}"));
        var root = _service.LoadFails(Yaml.WithCustom("a: ${self:}"));

        Assert.Contains(twoWay.Errors, error => error.Code == ConfigErrorCodes.VariableCycle);
        Assert.Contains(threeWay.Errors, error => error.Code == ConfigErrorCodes.VariableCycle);
        Assert.Equal(ConfigErrorCodes.SelfRoot, Assert.Single(root.Errors).Code);
    }

    [Fact]
    public void Item11_UnknownSource_IsRefusedInTheEnd()
    {
        // The framework leaves an unknown source unresolved while resolving, then refuses the file with
        // "Unrecognized configuration variable sources"; Stratus refuses it at once, with the place.
        var exception = _service.LoadFails(Yaml.WithCustom("a: ${vault:${opt:stage}}"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.VariableUnknownSource, error.Code);
        Assert.Equal(6, error.At.Line);
    }

    [Fact]
    public void Item12_SelfObjectMissingAndFallback()
    {
        var yaml = Yaml.WithCustom(
            "stage: ${opt:stage}",
            "nest:",
            "  s: ${self:custom.stage}",
            "all: ${self:custom.nest}",
            "fb: ${self:custom.a.b, 'x'}");

        var service = _service.Load(yaml, StageDev());
        var missing = _service.LoadFails(Yaml.WithCustom("v: ${self:custom.a.b}"));

        Assert.Equal("dev", Yaml.Value(service, "custom.all.s"));
        Assert.Equal("x", Yaml.Value(service, "custom.fb"));
        Assert.Equal(ConfigErrorCodes.SelfPathNotFound, Assert.Single(missing.Errors).Code);
    }

    [Fact]
    public void Item13_OptionValueWholeOptionsAndFallback()
    {
        var options = TempService.DevOptions(
            options: new Dictionary<string, string> { ["stage"] = "dev", ["x"] = "1" });
        var yaml = Yaml.WithCustom("s: ${opt:stage}", "all: ${opt:}", "fb: ${opt:none, 'fallback'}");

        var service = _service.Load(yaml, options);

        Assert.Equal("dev", Yaml.Value(service, "custom.s"));
        Assert.Equal("1", Yaml.Value(service, "custom.all.x"));
        Assert.Equal("fallback", Yaml.Value(service, "custom.fb"));
    }

    [Fact]
    public void Item14_EmptyEnvironmentValue_IsPresent_NoNameIsAnError()
    {
        var environment = new Dictionary<string, string> { ["EMPTY"] = string.Empty };
        var options = TempService.DevOptions(environment);

        var service = _service.Load(Yaml.WithCustom("a: ${env:EMPTY, 'fallback'}"), options);
        var noName = _service.LoadFails(Yaml.WithCustom("a: ${env:}"), options);

        Assert.Equal(string.Empty, Yaml.Value(service, "custom.a"));
        Assert.Equal(ConfigErrorCodes.InvalidSourceAddress, Assert.Single(noName.Errors).Code);
    }

    [Fact]
    public void Item15_FileAddress_SplitsOnDotsAndMissingGivesNullFallback()
    {
        _service.Write("f.json", """{"foo":{"bar":"object"},"foo.bar":"string","n":5}""");
        var yaml = Yaml.WithCustom(
            "a: ${file(f.json):foo.bar}",
            "missingFile: ${file(none.json):x, null}",
            "missingKey: ${file(f.json):foo.nope.deep, null}",
            "intoPrimitive: ${file(f.json):n.deeper, null}");

        var service = _service.Load(yaml);

        Assert.Equal("object", Yaml.Value(service, "custom.a"));
        Assert.True(Yaml.Scalar(service, "custom.missingFile").IsNull);
        Assert.True(Yaml.Scalar(service, "custom.missingKey").IsNull);
        Assert.True(Yaml.Scalar(service, "custom.intoPrimitive").IsNull);
    }

    [Fact]
    public void Item16_FileTypes_ParsedByExtensionOrRaw()
    {
        _service.Write("state.tfstate", """{"outputs":{"id":"i-1"}}""");
        _service.Write("note.txt", "raw text");
        _service.Write("bad.json", "{ nope");
        System.IO.Directory.CreateDirectory(Path.Combine(_service.Directory, "folder"));
        var yaml = Yaml.WithCustom("tf: ${file(state.tfstate):outputs.id}", "raw: ${file(note.txt)}");

        var service = _service.Load(yaml);
        var folder = _service.LoadFails(Yaml.WithCustom("a: ${file(folder)}"));
        var badJson = _service.LoadFails(Yaml.WithCustom("a: ${file(bad.json)}"));

        Assert.Equal("i-1", Yaml.Value(service, "custom.tf"));
        Assert.Equal("raw text", Yaml.Value(service, "custom.raw"));
        Assert.Single(folder.Errors);
        Assert.Equal(ConfigErrorCodes.JsonSyntax, Assert.Single(badJson.Errors).Code);
    }

    [Fact]
    public void Item17_ChainedIncludes_ResolvePartwayAlongTheAddress()
    {
        _service.Write("n1.yaml", "n1: ${file(n2.yaml)}\n");
        _service.Write("n2.yaml", "n2: ${file(n3.yaml)}\n");
        _service.Write("n3.yaml", "n3: result\n");

        var service = _service.Load(Yaml.WithCustom("v: ${file(n1.yaml):n1.n2.n3}"));

        Assert.Equal("result", Yaml.Value(service, "custom.v"));
    }

    [Fact]
    public void Item18_SsmRegionParameterAndNullFallback()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/p"] = "v" });
        var yaml = Yaml.WithCustom("a: ${ssm(eu-west-1):/p}", "b: ${ssm:/missing, null}");

        var service = _service.Load(yaml, WithSources(("ssm", ssm)));

        Assert.Equal("v", Yaml.Value(service, "custom.a"));
        Assert.True(Yaml.Scalar(service, "custom.b").IsNull);
        Assert.Equal(["eu-west-1"], ssm.Requests[0].Parameters);
    }

    [Fact]
    public void Item19_S3Body_AndMissingKeyWithNullFallback()
    {
        var s3 = new FakeSsmSource(new Dictionary<string, string> { ["bucket/key"] = "body" });
        var yaml = Yaml.WithCustom("a: ${s3:bucket/key}", "b: ${s3:bucket/missing, null}");

        var service = _service.Load(yaml, WithSources(("s3", s3)));

        Assert.Equal("body", Yaml.Value(service, "custom.a"));
        Assert.True(Yaml.Scalar(service, "custom.b").IsNull);
    }

    [Fact]
    public void Item20_CloudFormationOutput_RegionAndNullFallback()
    {
        var cf = new FakeSsmSource(new Dictionary<string, string> { ["stack.Output"] = "arn:x" });
        var yaml = Yaml.WithCustom("a: ${cf(eu-west-1):stack.Output}", "b: ${cf:stack.None, null}");

        var service = _service.Load(yaml, WithSources(("cf", cf)));

        Assert.Equal("arn:x", Yaml.Value(service, "custom.a"));
        Assert.True(Yaml.Scalar(service, "custom.b").IsNull);
        Assert.Equal(["eu-west-1"], cf.Requests[0].Parameters);
    }

    [Fact]
    public void Item21_SlsStage_OptionThenProviderThenDev()
    {
        var withProvider = Yaml.Service("custom:\n  s: ${sls:stage}\n  id: ${sls:instanceId}").Replace(
            "  runtime: dotnet8", "  runtime: dotnet8\n  stage: sit", StringComparison.Ordinal);
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["stage"] = "oat" });

        var fromOption = _service.Load(withProvider, options);
        var fromProvider = _service.Load(withProvider);
        var fromDefault = _service.Load(Yaml.WithCustom("s: ${sls:stage}"));
        var unknown = _service.LoadFails(Yaml.WithCustom("s: ${sls:foo}"));

        Assert.Equal("oat", Yaml.Value(fromOption, "custom.s"));
        Assert.Equal("sit", Yaml.Value(fromProvider, "custom.s"));
        Assert.Equal("dev", Yaml.Value(fromDefault, "custom.s"));
        Assert.Equal("test-instance", Yaml.Value(fromOption, "custom.id"));
        Assert.Single(unknown.Errors);
    }

    [Fact]
    public void Item22_AwsRegion_DefaultProviderOption()
    {
        var withProvider = Yaml.Service("custom:\n  r: ${aws:region}").Replace(
            "  runtime: dotnet8", "  runtime: dotnet8\n  region: eu-west-1", StringComparison.Ordinal);
        var option = TempService.DevOptions(options: new Dictionary<string, string> { ["region"] = "ap-south-1" });

        var fromDefault = _service.Load(Yaml.WithCustom("r: ${aws:region}"));
        var fromProvider = _service.Load(withProvider);
        var fromOption = _service.Load(withProvider, option);
        var unknown = _service.LoadFails(Yaml.WithCustom("r: ${aws:foo}"));

        Assert.Equal("us-east-1", Yaml.Value(fromDefault, "custom.r"));
        Assert.Equal("eu-west-1", Yaml.Value(fromProvider, "custom.r"));
        Assert.Equal("ap-south-1", Yaml.Value(fromOption, "custom.r"));
        Assert.Single(unknown.Errors);
    }

    [Fact]
    public void Item23_StrToBool_ReadsTrueFalseAndRefusesOtherText()
    {
        var yaml = Yaml.WithCustom("a: ${strToBool('true')}", "b: ${strToBool('TRUE')}", "c: ${strToBool('False')}");

        var service = _service.Load(yaml);
        var bad = _service.LoadFails(Yaml.WithCustom("a: ${strToBool(foo)}"));

        Assert.Equal(true, Yaml.Scalar(service, "custom.a").AsBoolean);
        Assert.Equal(true, Yaml.Scalar(service, "custom.b").AsBoolean);
        Assert.Equal(false, Yaml.Scalar(service, "custom.c").AsBoolean);
        Assert.Equal(ConfigErrorCodes.StrToBoolInvalid, Assert.Single(bad.Errors).Code);
    }

    [Fact]
    public void Item24_TypedDefaultsAfterAChain_KeepTheirTypesAndText()
    {
        var yaml = Yaml.WithCustom(
            "n: ${opt:tier, env:MISSING, 123}",
            "s1: ${opt:tier, env:MISSING, '123'}",
            "s2: ${opt:tier, env:MISSING, \"123\"}",
            "f: ${opt:tier, \"false\"}",
            "b: ${opt:role, false}",
            "url: ${env:MISSING, 'mongodb+srv://user:pw@cluster0.example.net/db?retryWrites=true'}");

        var service = _service.Load(yaml);

        Assert.Equal((ScalarKind.Number, "123"), Kind(service, "custom.n"));
        Assert.Equal((ScalarKind.Text, "123"), Kind(service, "custom.s1"));
        Assert.Equal((ScalarKind.Text, "123"), Kind(service, "custom.s2"));
        Assert.Equal((ScalarKind.Text, "false"), Kind(service, "custom.f"));
        Assert.Equal((ScalarKind.Boolean, "false"), Kind(service, "custom.b"));
        Assert.Equal("mongodb+srv://user:pw@cluster0.example.net/db?retryWrites=true", Yaml.Value(service, "custom.url"));
    }

    [Fact]
    public void Item25_NestedVariablesInTheAddress_ResolveInnerFirst()
    {
        var environment = new Dictionary<string, string>
        {
            ["NESTED"] = "ROOT",
            ["ROOT"] = "value",
            ["demo"] = "named-after-service",
            ["sit_arn"] = "arn:sit",
        };
        var options = TempService.DevOptions(environment, new Dictionary<string, string> { ["stage"] = "sit" });
        var yaml = Yaml.WithCustom(
            "a: ${env:${env:NESTED}}",
            "b: ${env:${env:NONE, self:service}}",
            "c: ${env:${opt:stage}_arn}");

        var service = _service.Load(yaml, options);

        Assert.Equal("value", Yaml.Value(service, "custom.a"));
        Assert.Equal("named-after-service", Yaml.Value(service, "custom.b"));
        Assert.Equal("arn:sit", Yaml.Value(service, "custom.c"));
    }

    [Fact]
    public void Item26_NonStringsInsideText_JoinAsJavaScriptDoes()
    {
        var yaml = Yaml.WithCustom(
            "arr: [1, 2, 3]",
            "num: 123",
            "bool: true",
            "s: test-${self:custom.arr}-${self:custom.num}-${self:custom.bool}",
            "braces: '{${self:custom.num}}'");

        var service = _service.Load(yaml);

        Assert.Equal("test-1,2,3-123-true", Yaml.Value(service, "custom.s"));
        Assert.Equal("{123}", Yaml.Value(service, "custom.braces"));
    }

    [Fact]
    public void Item27_Params_DefaultStageCliAndFallbacks()
    {
        _service.Write("env.yml", "default:\n  fromFile: file-value\n");
        var yaml = Yaml.Service("""
            params:
              default:
                prefix: app
                suffix: ${opt:stage}
                region: default-region
              prod:
                region: prod-region
            custom:
              joined: ${param:prefix}-${param:suffix}
              region: ${param:region}
              cli: ${param:fromCli}
              second: ${param:notProvided, param:fromCli}
            """);
        var prod = TempService.DevOptions(
            options: new Dictionary<string, string> { ["stage"] = "prod" },
            parameters: new Dictionary<string, string> { ["fromCli"] = "cli-value" });

        var service = _service.Load(yaml, prod);
        var fromFile = _service.Load(Yaml.Service("params: ${file(env.yml)}\ncustom:\n  v: ${param:fromFile}"));

        Assert.Equal("app-prod", Yaml.Value(service, "custom.joined"));
        Assert.Equal("prod-region", Yaml.Value(service, "custom.region"));
        Assert.Equal("cli-value", Yaml.Value(service, "custom.cli"));
        Assert.Equal("cli-value", Yaml.Value(service, "custom.second"));
        Assert.Equal("file-value", Yaml.Value(fromFile, "custom.v"));
    }

    [Fact]
    public void Item28_DependencyResolvedBeforeItsFallbackIsJudged()
    {
        var environment = new Dictionary<string, string> { ["HOLDS_VARIABLE"] = "${self:service}-x" };
        var yaml = Yaml.WithCustom(
            "a: ${self:custom.b, 'x'}",
            "b: ${param:NONE, 'desc1'}",
            "e: ${env:HOLDS_VARIABLE}");

        var service = _service.Load(yaml, TempService.DevOptions(environment));

        Assert.Equal("desc1", Yaml.Value(service, "custom.a"));
        Assert.Equal("demo-x", Yaml.Value(service, "custom.e"));
    }

    private static (ScalarKind Kind, string Value) Kind(ServiceDefinition service, string path)
    {
        var scalar = Yaml.Scalar(service, path);
        return (scalar.Kind, scalar.Value);
    }

    private static ServiceLoadOptions StageDev() =>
        TempService.DevOptions(options: new Dictionary<string, string> { ["stage"] = "dev" });

    private static ServiceLoadOptions WithSources(params (string Name, IVariableSource Source)[] sources) =>
        TempService.DevOptions() with
        {
            ExternalSources = sources.ToDictionary(source => source.Name, source => source.Source),
        };
}
