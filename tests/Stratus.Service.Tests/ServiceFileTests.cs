namespace Stratus.Service.Tests;

public sealed class ServiceFileTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Theory]
    [InlineData("serverless.js", "JavaScript")]
    [InlineData("serverless.mjs", "JavaScript")]
    [InlineData("serverless.ts", "TypeScript")]
    public void Load_ScriptServiceFile_SaysScriptsAreNotSupportedAndHowToConvert(string name, string language)
    {
        _service.Write(name, "module.exports = { service: 'demo', provider: { name: 'aws' } };\n");
        var path = Path.Combine(_service.Directory, name);

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ConfigFileIsScript, error.Code);
        Assert.True(error.At.IsWholeFile);
        Assert.Contains($"is a {language} service file", error.Message, StringComparison.Ordinal);
        Assert.Contains("serverless print --format yaml > serverless.yml", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("not a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindWarnings_KeysHoldingVariables_WarnOncePerKeyAtTheKey()
    {
        var yaml = Yaml.WithCustom(
            "${self:service}Key: 1",
            "a: &x",
            "  ${opt:stage, 'dev'}: 2",
            "b: *x",
            "escaped\\${self:service}: 3",
            "cfn: {'Fn::Sub': {'${AWS::Region}': 4}}",
            "plain: ${self:service}");

        var warnings = ConfigWarnings.Find(_service.Load(yaml));

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.VariableInKey, warning.Code));
        Assert.Equal([(6, 3, 18), (8, 5, 19)], warnings.Select(w => (w.At.Line, w.At.Column, w.At.Length)));
        Assert.Contains("'${self:service}Key'", warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServiceIncludingFilesAndUsingDotenv_ListsEveryFileItReadsAndTheEnvFilesLookedFor()
    {
        _service.Write("config/shared.yml", "memory: 512\nnested: ${file(./config/deeper.json):size}\n");
        _service.Write("config/deeper.json", """{"size": 3}""");
        var yaml = """
            service: demo
            useDotenv: true
            provider:
              name: aws
              memorySize: ${file(./config/shared.yml):memory}
            custom:
              size: ${file(./config/shared.yml):nested}
            """;

        var service = _service.Load(yaml);

        string In(string name) => Path.Combine(_service.Directory, name);
        Assert.Equal(
            [In("serverless.yml"), In("config/deeper.json"), In("config/shared.yml"), In(".env.dev"), In(".env")],
            service.ConfigFiles);
    }

    // JSON is YAML too, so the same text read both ways must give every node the same place: errors found after
    // reading (the model's checks, variables) then point into serverless.json as they would into serverless.yml.
    // The non-ASCII text puts later values at byte offsets that differ from their character columns.
    [Fact]
    public void Load_ServerlessJson_GivesEveryNodeTheLocationTheYamlReaderGives()
    {
        const string Text = """
            {
              "service": "demo",
              "provider": {"name": "aws", "tags": {"équipe": "données", "n": 3, "on": true, "x": null}},
              "custom": {"list": ["é", 1.5, {"k": "ü"}], "escaped": "a\"b\u00e9", "empty": {}},
              "functions": {"api": {"handler": "A::A.B", "description": "ça", "memorySize": 512}}
            }
            """;
        var json = Path.Combine(_service.Directory, "serverless.json");
        _service.Write("serverless.json", Text);
        _service.Write("serverless.yml", Text);

        var fromJson = ServiceLoader.Load(json, TempService.DevOptions()).Resolved;
        var fromYaml = ServiceLoader.Load(_service.ConfigPath, TempService.DevOptions()).Resolved;

        Assert.Equal(Nodes(fromYaml), Nodes(fromJson));
        Assert.Contains(Nodes(fromJson), node => node.Path == "custom.list.2.k" && node.Column == 39);
    }

    [Theory]
    [InlineData("{\n  \"service\": \"demo\",\n}\n", 2, 20, "trailing comma", "remove the comma after the last item.")]
    [InlineData("{\n  \"service\": \"demo\" /* the name */\n}\n", 2, 21, "comment", "remove the comment;")]
    [InlineData("{\n  // the name\n  \"service\": \"demo\"\n}\n", 2, 3, "comment", "remove the comment;")]
    [InlineData("{\n  'service': 'demo'\n}\n", 2, 3, "property name", "write names and text in double quotes")]
    [InlineData("{\n  service: demo\n}\n", 2, 3, "property name", "write every name in double quotes")]
    [InlineData("service: demo\n", 1, 1, "invalid start of a value", "start a value with")]
    [InlineData("{\n  \"service\": \"démo\",\n  \"provider\": {\"name\": \"aws\"\n", 4, 1, "ends before", "close every")]
    [InlineData("", 1, 1, "the file is empty", "write one JSON value in it")]
    public void Load_ServerlessJsonThatJsonParseRefuses_IsRefusedAtTheSpotWithAFix(
        string text, int line, int column, string reason, string fix)
    {
        _service.Write("serverless.json", text);
        var path = Path.Combine(_service.Directory, "serverless.json");

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.JsonSyntax, error.Code);
        Assert.Equal((path, line, column), (error.At.File, error.At.Line, error.At.Column));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(fix, error.Fix, StringComparison.Ordinal);
    }

    // JSON.parse keeps a lone surrogate escape, but it is no Unicode character: refused as the YAML reader refuses
    // the same escape (STR1015), at the escape, once per string, where .NET's reader crashed with no position.
    [Theory]
    [InlineData("{\"service\": \"x\\ud800y\"}", 1, 15, "\\ud800")]
    [InlineData("{\"service\": \"\\udc00\"}", 1, 14, "\\udc00")]
    [InlineData("{\"service\": \"é\\ud800\\u0041\"}", 1, 15, "\\ud800")]
    [InlineData("{\"service\": \"\\udc00\\ud800\"}", 1, 14, "\\udc00")]
    [InlineData("{\"se\\ud83drvice\": \"demo\"}", 1, 5, "\\ud83d")]
    public void Load_ServerlessJsonWithLoneSurrogateEscape_IsTheYamlBadEscapeErrorAtTheEscape(
        string text, int line, int column, string escape)
    {
        _service.Write("serverless.json", text);
        var path = Path.Combine(_service.Directory, "serverless.json");

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.YamlBadEscape, error.Code);
        Assert.Equal((path, line, column, 6), (error.At.File, error.At.Line, error.At.Column, error.At.Length));
        Assert.Contains(
            $"the escape '{escape}' is half of a UTF-16 surrogate pair",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains($"write it twice ('\\{escape}')", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServerlessJsonWithTwoLoneSurrogates_ReportsEach()
    {
        _service.Write(
            "serverless.json",
            "{\"service\": \"demo\", \"custom\": {\"a\": \"\\ud800\", \"b\": \"\\udfff\"}}");
        var path = Path.Combine(_service.Directory, "serverless.json");

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        Assert.Equal([38, 53], exception.Errors.Select(error => error.At.Column));
    }

    // What JSON.parse reads is read: an escaped pair is one character, a number too large for a double keeps its
    // text (the printer shows it as JSON.parse's Infinity), and lists nest far past .NET's default depth of 64.
    [Fact]
    public void Load_ServerlessJsonWithPairsHugeNumbersAndDeepNesting_ReadsAsJsonParseDoes()
    {
        var deep = new string('[', 500) + new string(']', 500);
        _service.Write(
            "serverless.json",
            "{\"service\": \"demo\", \"provider\": {\"name\": \"aws\"}, \"custom\": {\"pair\": \"\\ud83d\\ude00\", " +
            $"\"huge\": 1e400, \"zero\": -0, \"long\": 123456789012345678901234567890, \"deep\": {deep}}}}}");
        var path = Path.Combine(_service.Directory, "serverless.json");

        var service = ServiceLoader.Load(path, TempService.DevOptions());

        var custom = Assert.IsType<ConfigMapping>(Assert.IsType<ConfigMapping>(service.Resolved)["custom"]);
        Assert.Equal("\ud83d\ude00", Assert.IsType<ConfigScalar>(custom["pair"]).Value);
        Assert.Equal("1e400", Assert.IsType<ConfigScalar>(custom["huge"]).Value);
        Assert.IsType<ConfigSequence>(custom["deep"]);
    }

    [Fact]
    public void Load_ServerlessJsonNestedPastAThousandLevels_IsALocatedJsonErrorSayingHowDeep()
    {
        var deep = new string('[', 1200) + new string(']', 1200);
        _service.Write("serverless.json", $"{{\"service\": \"demo\", \"custom\": {deep}}}");
        var path = Path.Combine(_service.Directory, "serverless.json");

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((ConfigErrorCodes.JsonSyntax, 1), (error.Code, error.At.Line));
        Assert.Contains("more than 1000 levels deep", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("nest fewer lists and objects", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServerlessJsonWithBadSettingAndUnsetVariable_ReportsBothAtTheirCharacterInTheJsonFile()
    {
        _service.Write("serverless.json", """
            {
              "service": "démo-ü",
              "provider": {"name": "aws", "stage": "${env:NO_SUCH_STAGE_7c1}"},
              "functions": {"api": {"handler": "A::A.B", "description": "é", "memorySize": 64}}
            }
            """);
        var path = Path.Combine(_service.Directory, "serverless.json");

        var first = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));
        _service.Write("serverless.json", File.ReadAllText(path).Replace("${env:NO_SUCH_STAGE_7c1}", "dev"));
        var second = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var unset = Assert.Single(first.Errors);
        Assert.Equal((ConfigErrorCodes.EnvVariableNotSet, path, 3, 41), (unset.Code, unset.At.File, unset.At.Line,
            unset.At.Column));
        Assert.Contains(second.Errors, error =>
            (error.Code, error.At.File, error.At.Line, error.At.Column)
                == (ConfigErrorCodes.MemorySizeOutOfRange, path, 4, 80));
        Assert.Contains(second.Errors, error => error.Code == ConfigErrorCodes.ServiceNameInvalid
            && error.At.Column == 14);
    }

    private static List<(string Path, int Line, int Column, int Length, string Text)> Nodes(ConfigNode root)
    {
        var nodes = new List<(string, int, int, int, string)>();
        Collect(root, string.Empty, nodes);
        return nodes;
    }

    private static void Collect(ConfigNode node, string path, List<(string, int, int, int, string)> nodes)
    {
        var text = node is ConfigScalar scalar ? $"{scalar.Kind}:{scalar.Value}:{scalar.Style}" : node.GetType().Name;
        nodes.Add((path, node.At.Line, node.At.Column, node.At.Length, text));
        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    var key = $"{path}.{entry.Key}".TrimStart('.');
                    var keyAt = entry.KeyAt;
                    nodes.Add((key + " (key)", keyAt.Line, keyAt.Column, keyAt.Length, entry.Key));
                    Collect(entry.Value, key, nodes);
                }

                break;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Collect(sequence.Items[i], $"{path}.{i}", nodes);
                }

                break;
        }
    }
}
