using System.Text;

namespace Stratus.Service.Tests;

/// <summary>References that multiply a value end in a located error, not in exhausted memory.</summary>
public sealed class ResolutionLimitsTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Resolve_TextThatDoublesThroughReferences_ReportsValueTooLarge()
    {
        var custom = new StringBuilder("s0: xxxxxxxxxx\n");
        for (var level = 1; level <= 11; level++)
        {
            custom.Append($"  s{level}: '").Append(string.Concat(Enumerable.Repeat($"${{self:custom.s{level - 1}}}", 10)))
                .Append("'\n");
        }

        var errors = _service.LoadFails(Yaml.WithCustom(custom.ToString().TrimEnd())).Errors;

        Assert.Contains(errors, error => error.Code == ConfigErrorCodes.ResolvedValueTooLarge && error.At.Line > 0);
    }

    [Fact]
    public void Resolve_ListsThatMultiplyThroughReferences_ReportsDocumentTooLarge()
    {
        var custom = new StringBuilder("l0: [a, b, c, d, e, f, g, h, i, j]\n");
        for (var level = 1; level <= 8; level++)
        {
            var items = string.Join(", ", Enumerable.Repeat($"'${{self:custom.l{level - 1}}}'", 10));
            custom.Append($"  l{level}: [{items}]\n");
        }

        var error = Assert.Single(_service.LoadFails(Yaml.WithCustom(custom.ToString().TrimEnd())).Errors);

        Assert.Equal(ConfigErrorCodes.DocumentTooLarge, error.Code);
    }

    [Fact]
    public void Resolve_ValueReferencedAFewTimes_StillLoads()
    {
        var service = _service.Load(Yaml.WithCustom("""
            base: [a, b, c]
              twice: ['${self:custom.base}', '${self:custom.base}']
              text: '${self:custom.base}-${self:custom.base}'
            """));

        Assert.Equal("a,b,c-a,b,c", Yaml.Value(service, "custom.text"));
        Assert.Equal(2, Assert.IsType<ConfigSequence>(service.Resolved.Find("custom.twice")).Items.Count);
    }
}
