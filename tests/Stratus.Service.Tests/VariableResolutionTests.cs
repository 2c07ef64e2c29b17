namespace Stratus.Service.Tests;

public sealed class VariableResolutionTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Resolve_UnsetEnvWithUrlFallback_GivesExactUrl()
    {
        var yaml = Yaml.WithCustom("db: ${env:DB_URL_UNSET, 'postgres://app:pw@db.example.com:5432/main'}");

        var service = _service.Load(yaml);

        Assert.Equal("postgres://app:pw@db.example.com:5432/main", Yaml.Value(service, "custom.db"));
    }

    [Fact]
    public void Resolve_MissingOptionWithAddressFallback_GivesExactAddress()
    {
        var yaml = Yaml.WithCustom("endpoint: ${opt:endpoint, 'http://localhost:3000/v1'}");

        var service = _service.Load(yaml);

        Assert.Equal("http://localhost:3000/v1", Yaml.Value(service, "custom.endpoint"));
    }

    [Fact]
    public void Resolve_FallbacksLeftToRight_FirstPresentWins()
    {
        var yaml = Yaml.WithCustom(
            "a: ${opt:tier, env:TIER, 'basic'}",
            "b: ${opt:missing, env:TIER, 'basic'}",
            "c: ${opt:missing, env:MISSING, 'basic'}");
        var options = TempService.DevOptions(
            environment: new Dictionary<string, string> { ["TIER"] = "from-env" },
            options: new Dictionary<string, string> { ["tier"] = "from-opt" });

        var service = _service.Load(yaml, options);

        Assert.Equal("from-opt", Yaml.Value(service, "custom.a"));
        Assert.Equal("from-env", Yaml.Value(service, "custom.b"));
        Assert.Equal("basic", Yaml.Value(service, "custom.c"));
    }

    [Fact]
    public void Resolve_TypedLiteralFallbacks_KeepTheirTypes()
    {
        var yaml = Yaml.WithCustom(
            "number: ${opt:x, 123}",
            "float: ${opt:x, 1.5}",
            "yes: ${opt:x, true}",
            "no: ${opt:x, false}",
            "nothing: ${opt:x, null}",
            "quotedNumber: ${opt:x, '123'}",
            "quotedBool: ${opt:x, \"false\"}",
            "comma: \"${opt:x, 'a, b: c // d @ e'}\"",
            "doubleComma: ${opt:x, \"a, b\"}");

        var service = _service.Load(yaml);

        Assert.Equal(ScalarKind.Number, Yaml.Scalar(service, "custom.number").Kind);
        Assert.Equal("123", Yaml.Value(service, "custom.number"));
        Assert.Equal(1.5, Yaml.Scalar(service, "custom.float").AsDouble);
        Assert.True(Yaml.Scalar(service, "custom.yes").AsBoolean);
        Assert.False(Yaml.Scalar(service, "custom.no").AsBoolean);
        Assert.True(Yaml.Scalar(service, "custom.nothing").IsNull);
        Assert.Equal(ScalarKind.Text, Yaml.Scalar(service, "custom.quotedNumber").Kind);
        Assert.Equal(ScalarKind.Text, Yaml.Scalar(service, "custom.quotedBool").Kind);
        Assert.Equal("a, b: c // d @ e", Yaml.Value(service, "custom.comma"));
        Assert.Equal("a, b", Yaml.Value(service, "custom.doubleComma"));
    }

    [Fact]
    public void Resolve_NestedReferenceInAddress_ResolvesInnerFirst()
    {
        var yaml = Yaml.WithCustom(
            "dev:",
            "  table: users-dev-table",
            "prod:",
            "  table: users-prod-table",
            "table: ${self:custom.${opt:stage}.table}");
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["stage"] = "prod" });

        var service = _service.Load(yaml, options);

        Assert.Equal("users-prod-table", Yaml.Value(service, "custom.table"));
    }

    [Fact]
    public void Resolve_SeveralReferencesInOneValue_Interpolates()
    {
        var yaml = Yaml.WithCustom(
            "region: eu-west-1",
            "count: 3",
            "on: true",
            "list: [1, 2, 3]",
            "name: ${self:service}-${sls:stage}-${self:custom.region}-${self:custom.count}-${self:custom.on}",
            "joined: x-${self:custom.list}-y");

        var service = _service.Load(yaml);

        Assert.Equal("demo-dev-eu-west-1-3-true", Yaml.Value(service, "custom.name"));
        Assert.Equal("x-1,2,3-y", Yaml.Value(service, "custom.joined"));
    }

    [Fact]
    public void Resolve_WholeValueReference_KeepsReferencedType()
    {
        var yaml = Yaml.WithCustom(
            "settings:",
            "  memory: 512",
            "  enabled: true",
            "  tags: [a, b]",
            "copy: ${self:custom.settings}",
            "memory: ${self:custom.settings.memory}",
            "enabled: ${self:custom.settings.enabled}",
            "tags: ${self:custom.settings.tags}");

        var service = _service.Load(yaml);

        var copy = Assert.IsType<ConfigMapping>(service.Resolved.Find("custom.copy"));
        Assert.Equal(["memory", "enabled", "tags"], copy.Keys);
        Assert.Equal(ScalarKind.Number, Yaml.Scalar(service, "custom.memory").Kind);
        Assert.Equal(ScalarKind.Boolean, Yaml.Scalar(service, "custom.enabled").Kind);
        Assert.Equal(2, Assert.IsType<ConfigSequence>(service.Resolved.Find("custom.tags")).Items.Count);
    }

    [Fact]
    public void Resolve_SelfReferenceToValueProducedByVariable_FollowsIt()
    {
        var yaml = Yaml.WithCustom(
            "stage: ${opt:stage, 'dev'}",
            "table: users-${self:custom.stage}",
            "copy: ${self:custom.table}");

        var service = _service.Load(yaml);

        Assert.Equal("users-dev", Yaml.Value(service, "custom.copy"));
    }

    [Fact]
    public void Resolve_EnvValueHoldingVariable_IsResolvedAgain()
    {
        var yaml = Yaml.WithCustom("name: ${env:TEMPLATE}");
        var options = TempService.DevOptions(
            environment: new Dictionary<string, string> { ["TEMPLATE"] = "${self:service}-x" });

        var service = _service.Load(yaml, options);

        Assert.Equal("demo-x", Yaml.Value(service, "custom.name"));
    }

    [Fact]
    public void Resolve_FallbackPropertyResolvedFirst_UsesItsValue()
    {
        var yaml = Yaml.WithCustom(
            "a: ${self:custom.b, 'x'}",
            "b: ${param:none, 'desc1'}");

        var service = _service.Load(yaml);

        Assert.Equal("desc1", Yaml.Value(service, "custom.a"));
    }

    [Fact]
    public void Resolve_CloudFormationPlaceholders_StayLiteral()
    {
        var yaml = Yaml.Service("""
            resources:
              Resources:
                Role:
                  Properties:
                    A: !Sub 'arn:aws:iam::${AWS::AccountId}:root'
                    B: !Sub '${ApiGatewayRestApi.Arn}/*'
                    C:
                      Fn::Sub: arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${sls:stage}/x
                    D: ${AnotherResource}
                    E: ${stageVariables.stageName}
                    F: ${foo::Region}
                    G: '$'
                    H: '{cognito-identity.amazonaws.com:sub}'
            """);

        var service = _service.Load(yaml);

        const string Properties = "resources.Resources.Role.Properties";
        Assert.Equal("arn:aws:iam::${AWS::AccountId}:root", Yaml.Value(service, $"{Properties}.A.Fn::Sub"));
        Assert.Equal("${ApiGatewayRestApi.Arn}/*", Yaml.Value(service, $"{Properties}.B.Fn::Sub"));
        Assert.Equal(
            "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/dev/x",
            Yaml.Value(service, $"{Properties}.C.Fn::Sub"));
        Assert.Equal("${AnotherResource}", Yaml.Value(service, $"{Properties}.D"));
        Assert.Equal("${stageVariables.stageName}", Yaml.Value(service, $"{Properties}.E"));
        Assert.Equal("${foo::Region}", Yaml.Value(service, $"{Properties}.F"));
    }

    [Fact]
    public void Resolve_VariableInsideComment_IsIgnored()
    {
        var yaml = Yaml.WithCustom("a: plain # ${env:BUCKET} is not read", "# b: ${env:ALSO_NOT}");

        var service = _service.Load(yaml);

        Assert.Equal("plain", Yaml.Value(service, "custom.a"));
    }

    [Fact]
    public void Resolve_EscapedVariable_StaysLiteral()
    {
        var yaml = Yaml.WithCustom(@"a: 'pre \${self:service} post'", @"b: '\\${self:service}'");

        var service = _service.Load(yaml);

        Assert.Equal("pre ${self:service} post", Yaml.Value(service, "custom.a"));
        Assert.Equal(@"\demo", Yaml.Value(service, "custom.b"));
    }

    [Fact]
    public void Resolve_StageFromOption_BeatsProviderStage()
    {
        var yaml = """
            service: demo
            provider:
              name: aws
              stage: sit
            custom:
              stage: ${sls:stage}
            """;
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["stage"] = "oat" });

        var service = _service.Load(yaml, options);

        Assert.Equal("oat", service.Stage);
        Assert.Equal("oat", Yaml.Value(service, "custom.stage"));
    }

    [Fact]
    public void Resolve_NoStageOption_UsesProviderStageThenDev()
    {
        var withStage = "service: demo\nprovider:\n  name: aws\n  stage: sit\ncustom:\n  s: ${sls:stage}\n";
        var withoutStage = "service: demo\nprovider:\n  name: aws\ncustom:\n  s: ${sls:stage}\n";

        var first = _service.Load(withStage);
        var second = _service.Load(withoutStage);

        Assert.Equal("sit", Yaml.Value(first, "custom.s"));
        Assert.Equal("sit", first.Stage);
        Assert.Equal("dev", Yaml.Value(second, "custom.s"));
        Assert.Equal("dev", second.Stage);
    }

    [Fact]
    public void Resolve_Region_OptionThenProviderThenDefault()
    {
        var yaml = "service: demo\nprovider:\n  name: aws\n  region: eu-west-1\ncustom:\n  r: ${aws:region}\n";
        var bare = "service: demo\nprovider:\n  name: aws\ncustom:\n  r: ${aws:region}\n";
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["region"] = "ap-south-1" });

        var fromOption = _service.Load(yaml, options);
        var fromProvider = _service.Load(yaml);
        var fromDefault = _service.Load(bare);

        Assert.Equal("ap-south-1", Yaml.Value(fromOption, "custom.r"));
        Assert.Equal("ap-south-1", fromOption.Region);
        Assert.Equal("eu-west-1", Yaml.Value(fromProvider, "custom.r"));
        Assert.Equal("us-east-1", Yaml.Value(fromDefault, "custom.r"));
        Assert.Equal("us-east-1", fromDefault.Region);
    }

    [Fact]
    public void Resolve_InstanceId_IsTheSameEverywhereInOneLoad()
    {
        var yaml = Yaml.WithCustom("a: ${sls:instanceId}", "b: id-${sls:instanceId}");

        var service = _service.Write("serverless.yml", yaml).Load(yaml, new ServiceLoadOptions());

        var id = Yaml.Value(service, "custom.a");
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal($"id-{id}", Yaml.Value(service, "custom.b"));
    }

    [Fact]
    public void Resolve_Params_CliThenStageThenDefault()
    {
        var yaml = Yaml.Service("""
            params:
              default:
                a: default-a
                b: default-b
                c: default-c
              prod:
                b: prod-b
                c: prod-c
            custom:
              a: ${param:a}
              b: ${param:b}
              c: ${param:c}
              joined: ${param:a}-${param:b}
            """);
        var options = TempService.DevOptions(
            options: new Dictionary<string, string> { ["stage"] = "prod" },
            parameters: new Dictionary<string, string> { ["c"] = "cli-c" });

        var service = _service.Load(yaml, options);

        Assert.Equal("default-a", Yaml.Value(service, "custom.a"));
        Assert.Equal("prod-b", Yaml.Value(service, "custom.b"));
        Assert.Equal("cli-c", Yaml.Value(service, "custom.c"));
        Assert.Equal("default-a-prod-b", Yaml.Value(service, "custom.joined"));
    }

    [Fact]
    public void Resolve_ParamFallsBackToAnotherParam_UsesSecond()
    {
        var yaml = Yaml.Service("params:\n  default:\n    second: two\ncustom:\n  x: ${param:notProvided, param:second}\n");

        var service = _service.Load(yaml);

        Assert.Equal("two", Yaml.Value(service, "custom.x"));
    }

    [Fact]
    public void Resolve_FileYamlWithAddress_ReadsNestedKey()
    {
        _service.Write("config/dev.yml", "db:\n  host: localhost\n  port: 5432\n");
        var yaml = Yaml.WithCustom(
            "host: ${file(./config/${sls:stage}.yml):db.host}",
            "port: ${file(./config/dev.yml):db.port}",
            "all: ${file(config/dev.yml)}");

        var service = _service.Load(yaml);

        Assert.Equal("localhost", Yaml.Value(service, "custom.host"));
        Assert.Equal(ScalarKind.Number, Yaml.Scalar(service, "custom.port").Kind);
        Assert.IsType<ConfigMapping>(service.Resolved.Find("custom.all.db"));
    }

    [Fact]
    public void Resolve_FileJsonAndText_ParsesJsonAndReadsTextRaw()
    {
        _service.Write("secrets.json", """{ "ApiName": "graphql-api", "foo": { "bar": "object" }, "foo.bar": "string" }""");
        _service.Write("public_key", "-----BEGIN KEY-----\nabc\n");
        var yaml = Yaml.WithCustom(
            "name: ${file(./secrets.json):ApiName}",
            "dotted: ${file(./secrets.json):foo.bar}",
            "key: ${file(./public_key)}");

        var service = _service.Load(yaml);

        Assert.Equal("graphql-api", Yaml.Value(service, "custom.name"));
        Assert.Equal("object", Yaml.Value(service, "custom.dotted"));
        Assert.Equal("-----BEGIN KEY-----\nabc\n", Yaml.Value(service, "custom.key"));
    }

    [Fact]
    public void Resolve_IncludedFileWithSelfReferences_ResolvesAgainstMainDocument()
    {
        _service.Write("resource/vpc.yml", "Type: AWS::EC2::VPC\nProperties:\n  CidrBlock: ${self:custom.cidr}.0.0/16\n");
        var yaml = Yaml.Service("custom:\n  cidr: '10.0'\nresources:\n  Resources:\n    Vpc: ${file(./resource/vpc.yml)}\n");

        var service = _service.Load(yaml);

        Assert.Equal("10.0.0.0/16", Yaml.Value(service, "resources.Resources.Vpc.Properties.CidrBlock"));
    }

    [Fact]
    public void Resolve_ChainedFileIncludesPartwayAlongAddress_ReachesValue()
    {
        _service.Write("n1.yaml", "n1: ${file(n2.yaml)}\n");
        _service.Write("n2.yaml", "n2: ${file(n3.yaml)}\n");
        _service.Write("n3.yaml", "n3: result\n");
        var yaml = Yaml.WithCustom("x: ${file(n1.yaml):n1.n2.n3}");

        var service = _service.Load(yaml);

        Assert.Equal("result", Yaml.Value(service, "custom.x"));
    }

    [Fact]
    public void Resolve_MissingFileWithFallback_UsesFallback()
    {
        var yaml = Yaml.WithCustom(
            "token: ${file(./serverless.env.yml):TELEGRAM_TOKEN, ''}",
            "whole: ${file(./nope.json), null}",
            "text: ${file(./nope.txt), 'none'}");

        var service = _service.Load(yaml);

        Assert.Equal(string.Empty, Yaml.Value(service, "custom.token"));
        Assert.True(Yaml.Scalar(service, "custom.whole").IsNull);
        Assert.Equal("none", Yaml.Value(service, "custom.text"));
    }

    [Fact]
    public void Resolve_MissingFileWithoutFallback_ReportsLocatedError()
    {
        var yaml = Yaml.WithCustom("x: ${file(./missing.yml):key}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FileNotFound, error.Code);
        Assert.Equal(6, error.At.Line);
        Assert.Equal(6, error.At.Column);
        Assert.Contains("'./missing.yml' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_StrToBool_ConvertsTextToBoolean()
    {
        var yaml = Yaml.WithCustom(
            "a: ${strToBool(true)}",
            "b: ${strToBool(${env:FLAG})}",
            "c: ${strToBool('0')}",
            "d: ${strToBool('TRUE')}",
            "e: ${strToBool(1.0)}",
            "f: ${strToBool(${self:custom.zero})}",
            "zero: 0");
        var options = TempService.DevOptions(environment: new Dictionary<string, string> { ["FLAG"] = "False" });

        var service = _service.Load(yaml, options);

        Assert.True(Yaml.Scalar(service, "custom.a").AsBoolean);
        Assert.False(Yaml.Scalar(service, "custom.b").AsBoolean);
        Assert.False(Yaml.Scalar(service, "custom.c").AsBoolean);
        Assert.True(Yaml.Scalar(service, "custom.d").AsBoolean);
        Assert.True(Yaml.Scalar(service, "custom.e").AsBoolean);
        Assert.False(Yaml.Scalar(service, "custom.f").AsBoolean);
    }

    [Theory]
    [InlineData("${strToBool(0)}")]
    [InlineData("${strToBool(false)}")]
    [InlineData("${strToBool( false )}")]
    [InlineData("${strToBool(0.0)}")]
    [InlineData("${strToBool(0x0)}")]
    [InlineData("${strToBool(null)}")]
    public void Resolve_StrToBoolWithUnquotedFalsyLiteral_FailsAsMissingInput(string variable)
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom($"a: {variable}")).Errors);

        Assert.Equal(ConfigErrorCodes.StrToBoolLiteralMissing, error.Code);
        Assert.Equal((6, 6), (error.At.Line, error.At.Column));
        Assert.Contains("Missing \"strToBool\" input", error.Message, StringComparison.Ordinal);
        Assert.Contains("${strToBool('0')}", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_StrToBoolWithOtherText_ReportsError()
    {
        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom("a: ${strToBool(maybe)}")).Errors);

        Assert.Equal(ConfigErrorCodes.StrToBoolInvalid, error.Code);
    }

    [Fact]
    public void Resolve_OptWithoutAddress_GivesAllOptions()
    {
        var cli = new Dictionary<string, string> { ["stage"] = "dev", ["verbose"] = "1" };
        var options = TempService.DevOptions(options: cli);

        var service = _service.Load(Yaml.WithCustom("all: ${opt:}"), options);

        var all = Assert.IsType<ConfigMapping>(service.Resolved.Find("custom.all"));
        Assert.Equal("1", Assert.IsType<ConfigScalar>(all["verbose"]).Value);
    }

    [Fact]
    public void Resolve_ServiceObjectForm_IsRefusedAsTheFrameworkDoes()
    {
        var yaml = "service:\n  name: legacy-name\nprovider:\n  name: aws\ncustom:\n  n: ${self:service.name}\n";

        var exception = _service.LoadFails(yaml);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ServiceObjectNotation, error.Code);
        Assert.Equal((2, 3), (error.At.Line, error.At.Column));
        Assert.Contains("'service: legacy-name'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ShortFormTagsWithVariables_BecomeLongFormAndResolve()
    {
        var yaml = Yaml.Service("custom:\n  bucket: photos\n  ref: !Ref ${self:custom.bucket}\n  arn: !GetAtt Photos.Arn\n");

        var service = _service.Load(yaml);

        Assert.Equal("photos", Yaml.Value(service, "custom.ref.Ref"));
        var getAtt = Assert.IsType<ConfigSequence>(service.Resolved.Find("custom.arn.Fn::GetAtt"));
        Assert.Equal(["Photos", "Arn"], getAtt.Items.Cast<ConfigScalar>().Select(item => item.Value));
    }

    [Fact]
    public void Resolve_VariableNamingAnotherVariable_ResolvesInnerFirst()
    {
        var yaml = Yaml.WithCustom("a: ${env:${env:NESTED}}", "b: ${env:${opt:stage}_arn}", "c: ${env:${env:NONE, self:service}}");
        var environment = new Dictionary<string, string>
        {
            ["NESTED"] = "ROOT",
            ["ROOT"] = "value",
            ["sit_arn"] = "arn:sit",
            ["demo"] = "by-service-name",
        };
        var options = TempService.DevOptions(environment, new Dictionary<string, string> { ["stage"] = "sit" });

        var service = _service.Load(yaml, options);

        Assert.Equal("value", Yaml.Value(service, "custom.a"));
        Assert.Equal("arn:sit", Yaml.Value(service, "custom.b"));
        Assert.Equal("by-service-name", Yaml.Value(service, "custom.c"));
    }

    [Fact]
    public void Resolve_SelfPathThroughList_UsesIndex()
    {
        var service = _service.Load(Yaml.WithCustom("list: [first, second]", "pick: ${self:custom.list.1}"));

        Assert.Equal("second", Yaml.Value(service, "custom.pick"));
    }

    [Fact]
    public void Resolve_VariablesInKeys_AreLeftAsWritten()
    {
        var service = _service.Load(Yaml.WithCustom("${sls:stage}: value"));

        Assert.True(((ConfigMapping)service.Resolved.Find("custom")!).ContainsKey("${sls:stage}"));
    }
}
