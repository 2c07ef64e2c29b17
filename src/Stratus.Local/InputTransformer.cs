using System.Text.Json.Nodes;
using Stratus.Local.Internal;

namespace Stratus.Local;

/// <summary>
/// An EventBridge input transformer: variables read from the event by <see cref="EventPath"/>, filled into a
/// <see cref="InputTemplate"/> to make what the target receives instead of the event.
/// </summary>
/// <param name="Paths">Each variable's name and the path it reads (<c>InputPathsMap</c>).</param>
/// <param name="Template">The template the variables fill (<c>InputTemplate</c>).</param>
public sealed record InputTransformer(IReadOnlyDictionary<string, EventPath> Paths, InputTemplate Template)
{
    /// <summary>The transformed input for one event sent by rule <paramref name="ruleArn"/>.</summary>
    internal string Transform(JsonObject sent, string ruleName, string ruleArn, DateTimeOffset ingestionTime)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, path) in Paths)
        {
            var selected = path.Select(sent, out var found);
            if (found)
            {
                values[name] = selected;
            }
        }

        var withoutDetail = sent.DeepClone().AsObject();
        withoutDetail.Remove("detail");
        values[InputTemplate.RuleArnVariable] = ruleArn;
        values[InputTemplate.RuleNameVariable] = ruleName;
        values[InputTemplate.IngestionTimeVariable] = ScheduledEventInput.EventTime(ingestionTime);
        values[InputTemplate.EventVariable] = withoutDetail;
        values[InputTemplate.EventJsonVariable] = sent;
        return Template.Render(values);
    }
}
