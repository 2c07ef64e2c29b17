using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stratus.Local.Internal;

/// <summary>
/// A REST method's request validator ("Request validation for REST APIs in API Gateway"): required parameters
/// must be "included and not blank", then the body must match the model for its content type.
/// </summary>
internal static class RequestValidator
{
    private const string DefaultContentType = "application/json";
    private const string AnyContentType = "$default";

    // JsonDocument's default of 64 levels refuses bodies API Gateway takes; the validator walks deeper ones safely.
    private static readonly JsonDocumentOptions BodyParsing = new() { MaxDepth = 256 };

    /// <summary>The gateway's 400 answer and the reason to log, or null when the request passes.</summary>
    /// <remarks>Never throws: a validator that fails is logged and answered as an invalid request.</remarks>
    public static (GatewayError Error, string Problem)? Check(
        LocalRequestValidation validation,
        HttpRequest request,
        string rawQuery,
        RouteMatch match,
        byte[] body,
        ILogger logger)
    {
        var route = match.Entry.Route;
        try
        {
            return CheckRequest(validation, request, rawQuery, match, body);
        }
        catch (TimeoutException slow)
        {
            // The model's doing, not the emulator's: what and how to fix it, without a stack trace.
            EmulatorLog.GatewayValidatorTooSlow(
                logger, match.Entry.Function.Key, route.Method, route.Path, request.Method, request.Path, slow.Message);
            return (GatewayError.InvalidBody(), "the validator gave up on the body");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A request must never take 'dev' down, nor get a 500 without the gateway's id headers: whatever a body
            // does to the validator, the answer is the one API Gateway gives an invalid request.
            EmulatorLog.GatewayValidatorFault(
                logger, match.Entry.Function.Key, route.Method, route.Path, request.Method, request.Path, exception);
            return (GatewayError.InvalidBody(), "the validator failed on the request");
        }
    }

    private static (GatewayError Error, string Problem)? CheckRequest(
        LocalRequestValidation validation,
        HttpRequest request,
        string rawQuery,
        RouteMatch match,
        byte[] body)
    {
        var missing = MissingParameters(validation.RequiredParameters, request, rawQuery, match);
        if (missing.Count > 0)
        {
            return (GatewayError.MissingParameters(missing), $"missing {string.Join(", ", missing)}");
        }

        var contentType = MediaType(request.ContentType);
        if (ModelFor(validation, contentType) is { } accepts && !IsValidBody(accepts, body))
        {
            return (GatewayError.InvalidBody(), $"the body does not match the model for '{contentType}'");
        }

        return null;
    }

    /// <summary>The missing parameters' names, in the order of their method.request keys.</summary>
    /// <remarks>
    /// Limitation: AWS does not document the order of the names in its message; this is LocalStack's, which sorts
    /// the method.request.{location}.{name} keys (headers, then paths, then query strings).
    /// </remarks>
    private static List<string> MissingParameters(
        IReadOnlyList<LocalRequestParameter> required,
        HttpRequest request,
        string rawQuery,
        RouteMatch match)
    {
        var missing = new List<LocalRequestParameter>();
        foreach (var parameter in required)
        {
            var value = parameter.Location switch
            {
                RequestParameterLocation.Header => request.Headers[parameter.Name].ToString(),
                RequestParameterLocation.Path => PathValue(match, parameter.Name),
                _ => QueryValue(rawQuery, parameter.Name),
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(parameter);
            }
        }

        return [.. missing
            .OrderBy(parameter => parameter.Location)
            .ThenBy(parameter => parameter.Name, StringComparer.Ordinal)
            .Select(parameter => parameter.Name)];
    }

    private static string? PathValue(RouteMatch match, string name) =>
        match.Parameters.FirstOrDefault(pair => pair.Key == name).Value;

    /// <summary>The first non-blank value of query parameter <paramref name="name"/>, decoded.</summary>
    /// <remarks>Read as the REST event's queryStringParameters are: '+' is a space and ';' separates too.</remarks>
    private static string? QueryValue(string rawQuery, string name) =>
        GatewayRequest.ParseQuery(rawQuery, semicolonSeparates: true)
            .FirstOrDefault(pair => pair.Key == name && !string.IsNullOrWhiteSpace(pair.Value)).Value;

    /// <summary>The media type without parameters; a request without Content-Type counts as JSON.</summary>
    /// <remarks>
    /// "If content-type is not provided aws assumes application/json" (LocalStack's API Gateway, which follows
    /// AWS's passthrough behaviour); AWS documents no other default.
    /// </remarks>
    private static string MediaType(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return string.IsNullOrEmpty(mediaType) ? DefaultContentType : mediaType;
    }

    /// <summary>The model for <paramref name="contentType"/>, else the $default one, else null.</summary>
    /// <remarks>
    /// "If no matching content type is found, request validation is not performed. To use the same model regardless
    /// of the content type, set the content type for your data model to $default." (AWS, "Request validation for
    /// REST APIs in API Gateway").
    /// </remarks>
    private static Func<JsonElement, bool>? ModelFor(LocalRequestValidation validation, string contentType) =>
        validation.BodyModels.TryGetValue(contentType, out var model)
        || validation.BodyModels.TryGetValue(AnyContentType, out model)
            ? model
            : null;

    /// <summary>Whether the body is JSON the model accepts; an empty body is read as the empty object.</summary>
    /// <remarks>
    /// Limitation: AWS does not document how a model judges an empty body; LocalStack reads it as '{}', so a model
    /// with 'required' properties refuses it and one without accepts it.
    /// </remarks>
    private static bool IsValidBody(Func<JsonElement, bool> accepts, byte[] body)
    {
        // JSON text is UTF-8 (RFC 8259); the parser does not check the bytes inside strings, so it is done here.
        if (!Utf8.IsValid(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body, BodyParsing);
            return accepts(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
