using System.Text.Json;

namespace Stratus.Local;

/// <summary>
/// A REST route's request validator, which checks the body and the parameters before the function is invoked;
/// a request that fails gets API Gateway's 400 answer.
/// </summary>
/// <param name="BodyModels">
/// Whether a body is valid, by content type (such as <c>application/json</c>, or <c>$default</c> for any other);
/// keys are compared without regard to case. A null check marks a content type whose model the emulator cannot
/// apply: its bodies pass unchecked, and the <c>$default</c> model does not take them.
/// </param>
/// <param name="RequiredParameters">The parameters a request must carry, not blank.</param>
public sealed record LocalRequestValidation(
    IReadOnlyDictionary<string, Func<JsonElement, bool>?> BodyModels,
    IReadOnlyList<LocalRequestParameter> RequiredParameters);
