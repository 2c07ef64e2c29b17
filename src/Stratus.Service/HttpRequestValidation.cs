namespace Stratus.Service;

/// <summary>
/// The request validator the Serverless Framework gives an <c>http:</c> event that has <c>request.schemas</c> or a
/// required <c>request.parameters</c> entry: it validates both the body and the parameters.
/// </summary>
/// <param name="Models">The body models, one per content type.</param>
/// <param name="RequiredParameters">The parameters a request must carry, not blank.</param>
public sealed record HttpRequestValidation(
    IReadOnlyList<HttpRequestModel> Models,
    IReadOnlyList<HttpRequestParameter> RequiredParameters);
