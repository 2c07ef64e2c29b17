using Microsoft.Extensions.Logging;

namespace Stratus.Local;

/// <summary>What the local cloud serves and how.</summary>
public sealed record LocalCloudOptions
{
    /// <summary>The TCP port on 127.0.0.1 to listen on; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The stage name; REST API routes are served under <c>/{Stage}</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>The AWS region reported to functions and in ARNs.</summary>
    public required string Region { get; init; }

    /// <summary>The AWS account id used in ARNs and request contexts.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The functions to serve.</summary>
    public required IReadOnlyList<LocalFunction> Functions { get; init; }

    /// <summary>The REST API's binaryMediaTypes, such as <c>image/png</c> or <c>*/*</c>.</summary>
    public IReadOnlyList<string> BinaryMediaTypes { get; init; } = [];

    /// <summary>The REST API's endpoint type, which sets the longest URL it takes.</summary>
    public RestApiEndpointType RestApiEndpointType { get; init; } = RestApiEndpointType.Edge;

    /// <summary>
    /// The HTTP API's CORS configuration, or null for none: then OPTIONS requests reach the functions and no
    /// <c>Access-Control-*</c> header is added.
    /// </summary>
    public LocalCors? HttpApiCors { get; init; }

    /// <summary>Receives every stdout and stderr line of every function process; null discards them.</summary>
    public IFunctionOutputSink? Output { get; init; }

    /// <summary>
    /// True when the caller prints each invocation's outcome itself (`stratus invoke local`): the emulator then
    /// logs no timeout of its own, which would show the same error twice, and its start and stop are debug
    /// lines. `dev` leaves it false, as its console is the only place a failure shows.
    /// </summary>
    public bool CallerShowsOutcomes { get; init; }

    /// <summary>
    /// True when an answered invocation's log stays open until its runtime asks for the next event or exits, at
    /// most until the function's timeout, and its Duration runs to then (`stratus invoke local`): Lambda's runtime
    /// "indicates completion by sending a Next API request", so lines written after the answer are still the
    /// invocation's. `dev` leaves it false: a log closes at the next poll or a short grace after the answer, and
    /// a runtime still busy then keeps its instance until it polls.
    /// </summary>
    public bool LogsUntilNextEvent { get; init; }

    /// <summary>The logger factory for the emulator's own logs; null disables them.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock behind deadlines, timeouts, idle shutdown and request times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long an instance may sit idle before its process is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
