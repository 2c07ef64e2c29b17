using System.Text.Json;
using Stratus.Service.Internal.Json;

namespace Stratus.Service;

/// <summary>
/// A request model of an <c>http:</c> event (<c>request.schemas</c>): the JSON Schema draft 4 that API Gateway
/// checks a body of <see cref="ContentType"/> against.
/// </summary>
public sealed class HttpRequestModel
{
    private readonly Draft4Validator? _schema;

    internal HttpRequestModel(string contentType, Draft4Validator? schema)
    {
        ContentType = contentType;
        _schema = schema;
    }

    /// <summary>The content type the model is for, as written: <c>application/json</c>, <c>$default</c>...</summary>
    public string ContentType { get; }

    /// <summary>
    /// Whether bodies are checked against a schema. A model for a content type other than JSON may be a text that
    /// is not JSON (STR1314): it claims its content type, so the <c>$default</c> model does not apply, but checks
    /// nothing.
    /// </summary>
    public bool IsChecked => _schema is not null;

    /// <summary>
    /// Whether <paramref name="body"/> is valid against the model's schema, decided within
    /// <paramref name="budget"/>: a model can make some bodies slow to check (uniqueItems over large arrays,
    /// patterns that backtrack, anyOf branches that refer to each other), and one request must not hold a thread.
    /// </summary>
    /// <exception cref="TimeoutException">The check ran past the budget.</exception>
    /// <exception cref="InvalidOperationException">The model is not <see cref="IsChecked"/>.</exception>
    public bool Accepts(JsonElement body, TimeSpan budget) => _schema is null
        ? throw new InvalidOperationException($"The model for '{ContentType}' checks nothing; see IsChecked.")
        : _schema.Accepts(body, budget);

    internal static HttpRequestModel Unchecked(string contentType) => new(contentType, schema: null);
}
