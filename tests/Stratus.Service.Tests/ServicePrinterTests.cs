using System.Text.Json;

namespace Stratus.Service.Tests;

public sealed class ServicePrinterTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void ToJson_Scalars_UseJsonTypes()
    {
        var node = ConfigYaml.Parse("a: 512\nb: true\nc: ~\nd: '512'\ne: 1.5\nf: 0x10\ng: text\n", "f.yml");

        var json = ServicePrinter.ToJson(node);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("a").ValueKind);
        Assert.Equal(512, root.GetProperty("a").GetInt32());
        Assert.Equal(JsonValueKind.True, root.GetProperty("b").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("c").ValueKind);
        Assert.Equal("512", root.GetProperty("d").GetString());
        Assert.Equal(1.5, root.GetProperty("e").GetDouble());
        Assert.Equal(16, root.GetProperty("f").GetInt32());
        Assert.Equal("text", root.GetProperty("g").GetString());
    }

    [Fact]
    public void ToJson_ArraysStartingWithScalars_PutOneItemPerLineAsJsonStringifyDoes()
    {
        var yaml = "a: [0, 1]\nb: [10, [20, 1e21], {c: 12345678901234567890}]\nd: [true, null, x]\n" +
            "e: []\nf: {}\ng: [[], {}, [false]]\nh: 1.5\n";

        var json = ServicePrinter.ToJson(ConfigYaml.Parse(yaml, "f.yml"));

        Assert.Equal(
            """
            {
              "a": [
                0,
                1
              ],
              "b": [
                10,
                [
                  20,
                  1e+21
                ],
                {
                  "c": 12345678901234567000
                }
              ],
              "d": [
                true,
                null,
                "x"
              ],
              "e": [],
              "f": {},
              "g": [
                [],
                {},
                [
                  false
                ]
              ],
              "h": 1.5
            }
            """,
            json);
    }

    // ECMA-262 QuoteJSONString: only the quote, the backslash, control characters and lone surrogates are escaped.
    [Fact]
    public void ToJson_Strings_AreEscapedAsJsonStringifyEscapesThem()
    {
        string[] texts = ["é😀", "a\u2028b", "q\"b\\s\n\t\u0007", "lone\uD83D", "<&>'"];
        var at = new SourceSpan("t", 1, 1, 1);
        var node = new ConfigSequence(at, texts.Select(text => ConfigScalar.FromString(text, at)));

        var json = ServicePrinter.ToJson(node, indented: false);

        // U+2028 stays as it is (a C# escape here); the control character and the lone surrogate are escaped.
        var expected = "[\"é😀\",\"a\u2028b\",\"q\\\"b\\\\s\\n\\t\\u0007\",\"lone\\ud83d\",\"<&>'\"]";
        Assert.Equal(expected, json);
    }

    [Fact]
    public void ToJson_NotIndented_WritesOneLineWithoutSpaces()
    {
        var node = ConfigYaml.Parse("a: [1, {b: \"q\\\"<é\"}]\nc: {}\n", "f.yml");

        var json = ServicePrinter.ToJson(node, indented: false);

        Assert.Equal("{\"a\":[1,{\"b\":\"q\\\"<é\"}],\"c\":{}}", json);
    }

    [Fact]
    public void ToJson_ShortFormTags_PrintInLongForm()
    {
        var node = ConfigYaml.Parse("a: !Ref Bucket\nb: !GetAtt Table.Arn\n", "f.yml");

        var json = ServicePrinter.ToJson(node);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("Bucket", document.RootElement.GetProperty("a").GetProperty("Ref").GetString());
        var getAtt = document.RootElement.GetProperty("b").GetProperty("Fn::GetAtt");
        Assert.Equal(["Table", "Arn"], getAtt.EnumerateArray().Select(item => item.GetString()));
    }

    [Fact]
    public void ToYaml_RawTree_PrintsShortFormTagsBack()
    {
        var yaml = "a: !Ref Bucket\nb: !Join\n  - ''\n  - - x\n    - !Ref Y\nc: !Sub '${AWS::Region}-x'\n";

        var printed = ServicePrinter.ToYaml(ConfigYaml.Parse(yaml, "f.yml"));

        Assert.Contains("a: !Ref Bucket\n", printed, StringComparison.Ordinal);
        Assert.Contains("b: !Join\n", printed, StringComparison.Ordinal);
        Assert.Contains("!Ref Y", printed, StringComparison.Ordinal);
        var reparsed = ConfigYaml.Parse(printed, "printed.yml");
        Assert.Equal(ServicePrinter.ToJson(ConfigYaml.Parse(yaml, "f.yml")), ServicePrinter.ToJson(reparsed));
    }

    [Fact]
    public void ToYaml_TrickyStrings_ReadBackAsTheSameValues()
    {
        var yaml = """
            plainNumber: 42
            quotedNumber: '42'
            quotedBool: 'true'
            yesWord: 'yes'
            empty: ''
            colon: 'a: b'
            hash: 'a #b'
            star: '*'
            dash: '-'
            leadingSpace: ' x'
            multi: "line1\nline2\n"
            multiNoEnd: "line1\nline2"
            control: "bell\u0007"
            quote: "it's"
            date: '2024-01-01'
            nested:
              list:
                - a
                - k: v
                  k2: [1, 2]
                - - inner
                - []
                - {}
              '<<': not a merge
            """;
        var original = ConfigYaml.Parse(yaml, "f.yml");

        var printed = ServicePrinter.ToYaml(original);

        var reparsed = ConfigYaml.Parse(printed, "printed.yml");
        Assert.Equal(ServicePrinter.ToJson(original), ServicePrinter.ToJson(reparsed));
    }

    [Fact]
    public void ToYaml_ResolvedService_PrintsAndReadsBack()
    {
        var yaml = Yaml.Service("""
            custom:
              table: users-${sls:stage}
              memory: 512
            functions:
              getUser:
                handler: Users::Users.GetUser::HandleAsync
                memorySize: ${self:custom.memory}
                environment:
                  TABLE: ${self:custom.table}
                  ARN: !GetAtt UsersTable.Arn
            """);
        var service = _service.Load(yaml);

        var printed = ServicePrinter.ToYaml(service.Resolved);

        Assert.Contains("memorySize: 512\n", printed, StringComparison.Ordinal);
        Assert.Contains("TABLE: users-dev\n", printed, StringComparison.Ordinal);
        Assert.Contains("Fn::GetAtt:", printed, StringComparison.Ordinal);
        var reparsed = ConfigYaml.Parse(printed, "p.yml");
        Assert.Equal(ServicePrinter.ToJson(service.Resolved), ServicePrinter.ToJson(reparsed));
    }

    [Fact]
    public void ToYaml_MaskedPaths_PrintStars()
    {
        var node = ConfigYaml.Parse("custom:\n  secret: hunter2\n  list: [a, b]\n", "f.yml");
        var masked = new HashSet<string> { "custom.secret", "custom.list.1" };

        var yaml = ServicePrinter.ToYaml(node, masked);
        var json = ServicePrinter.ToJson(node, masked);

        Assert.DoesNotContain("hunter2", yaml, StringComparison.Ordinal);
        Assert.Contains("secret: '***'", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.Contains("\"***\"", json, StringComparison.Ordinal);
        Assert.Contains("- a\n", yaml, StringComparison.Ordinal);
    }
}
