using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// Creates RFC 9457 problem details, linking the standard statuses to their RFC 9110 sections.
/// </summary>
internal static class ProblemDocument
{
    public static HttpProblemDetails Create(
        int status,
        string title,
        string? detail,
        IReadOnlyDictionary<string, string[]>? errors)
    {
        ThrowIfNotErrorStatus(status);
        ArgumentException.ThrowIfNullOrEmpty(title);

        return new HttpProblemDetails
        {
            Type = TypeFor(status),
            Title = title,
            Status = status,
            Detail = detail,
            Errors = errors,
        };
    }

    public static void ThrowIfNotErrorStatus(int status)
    {
        if (status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(
                nameof(status),
                status,
                "A problem answer needs an HTTP error status from 400 to 599.");
        }
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        502 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
