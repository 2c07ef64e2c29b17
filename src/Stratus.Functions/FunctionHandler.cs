using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Base class for a handler with a typed event and result. It reads the event with source-generated JSON,
/// logs the start and end of each invocation with its duration, and calls <see cref="HandleAsync"/>.
/// </summary>
/// <typeparam name="TEvent">The event type Lambda delivers.</typeparam>
/// <typeparam name="TResult">The result type returned to the caller.</typeparam>
public abstract class FunctionHandler<TEvent, TResult> : IFunctionHandler
{
    // Limitation: HTTP API and REST API are the only event shapes with their own base class; SQS, SNS, S3
    // and schedule handlers derive from this class with their own event records for now. No issue filed yet.

    // The event type info a handler gives, made case-insensitive once per instance it returns (see ReadEvent).
    private static readonly ConditionalWeakTable<JsonTypeInfo<TEvent>, JsonTypeInfo<TEvent>> Readers = [];

    /// <summary>Gets the source-generated JSON metadata used to read the event (AOT-safe).</summary>
    protected abstract JsonTypeInfo<TEvent> EventTypeInfo { get; }

    /// <summary>Gets the source-generated JSON metadata used to write the result (AOT-safe).</summary>
    protected abstract JsonTypeInfo<TResult> ResultTypeInfo { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidEventException">
    /// The payload is not JSON that fits <typeparamref name="TEvent"/>.
    /// </exception>
    public async Task<ReadOnlyMemory<byte>> InvokeAsync(
        ReadOnlyMemory<byte> payload,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var input = ReadEvent(payload);

        var result = await ExecuteAsync(input, context, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(result, ResultTypeInfo);
    }

    /// <summary>
    /// Runs one invocation: logs its start with function name and request id, calls
    /// <see cref="HandleAsync"/>, and logs its end with the duration.
    /// </summary>
    /// <param name="input">The event.</param>
    /// <param name="context">The invocation's context; its logger receives the start and end lines.</param>
    /// <param name="cancellationToken">Cancelled shortly before the invocation's deadline.</param>
    public async Task<TResult> ExecuteAsync(
        TEvent input,
        ILambdaContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var clock = context is ITimeProviderSource source ? source.TimeProvider : TimeProvider.System;
        var started = clock.GetTimestamp();
        FunctionLog.Started(context.Logger, context.FunctionName, context.AwsRequestId);

        try
        {
            var result = await HandleAsync(input, context, cancellationToken);
            LogEnd(context, clock, started, failed: false);
            return result;
        }
        catch (Exception exception)
        {
            if (!TryHandleException(exception, context, out var mapped))
            {
                LogEnd(context, clock, started, failed: true);
                throw;
            }

            LogEnd(context, clock, started, failed: false);
            return mapped;
        }
    }

    /// <summary>Handles one event; this is the method a handler overrides.</summary>
    /// <param name="input">The event.</param>
    /// <param name="context">The invocation's context.</param>
    /// <param name="cancellationToken">Cancelled shortly before the invocation's deadline.</param>
    protected abstract Task<TResult> HandleAsync(
        TEvent input,
        ILambdaContext context,
        CancellationToken cancellationToken);

    /// <summary>
    /// Turns an exception from <see cref="HandleAsync"/> into a result, or returns false to let it fail the
    /// invocation. The HTTP base classes use this to answer <see cref="HttpProblemException"/> with a problem.
    /// </summary>
    /// <param name="exception">The exception <see cref="HandleAsync"/> threw.</param>
    /// <param name="context">The invocation's context.</param>
    /// <param name="result">The result to return instead, when this method returns true.</param>
    protected virtual bool TryHandleException(
        Exception exception,
        ILambdaContext context,
        [MaybeNullWhen(false)] out TResult result)
    {
        result = default;
        return false;
    }

    private static void LogEnd(ILambdaContext context, TimeProvider clock, long started, bool failed)
    {
        var durationMs = Math.Round(clock.GetElapsedTime(started).TotalMilliseconds, 3);
        if (failed)
        {
            FunctionLog.Failed(context.Logger, context.FunctionName, context.AwsRequestId, durationMs);
        }
        else
        {
            FunctionLog.Finished(context.Logger, context.FunctionName, context.AwsRequestId, durationMs);
        }
    }

    private TEvent ReadEvent(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var input = JsonSerializer.Deserialize(payload.Span, Readers.GetValue(EventTypeInfo, CaseInsensitive));
            return input ?? throw InvalidEvent(
                expected => $"The event is JSON null, but handler '{GetType().Name}' expects a '{expected}'.");
        }
        catch (JsonException exception)
        {
            // The JSON reader's message says where the event stopped fitting (path, line, byte);
            // it does not echo the payload's values, so it is safe to report and log.
            throw InvalidEvent(
                expected => $"The event does not fit '{expected}', the event type of handler '{GetType().Name}': "
                    + exception.Message,
                exception);
        }
    }

    /// <summary>
    /// The type info to read events with: property names matched whatever their case, as AWS's .NET serializers
    /// read events. AWS events are camelCase (<c>messageId</c>, <c>body</c>) and C# records PascalCase, so a
    /// context with the default, case-sensitive options would fill an event record with nulls, without an error.
    /// </summary>
    private static JsonTypeInfo<TEvent> CaseInsensitive(JsonTypeInfo<TEvent> given)
    {
        if (given.Options.PropertyNameCaseInsensitive)
        {
            return given;
        }

        // The copy keeps the context as its resolver, so the metadata stays source-generated (AOT-safe).
        var options = new JsonSerializerOptions(given.Options) { PropertyNameCaseInsensitive = true };
        return (JsonTypeInfo<TEvent>)options.GetTypeInfo(typeof(TEvent));
    }

    /// <summary>
    /// The error for an event that does not fit, given the problem in terms of the expected type's name. It is built
    /// only on failure: naming the type is reflection and string work that every invocation would otherwise pay for.
    /// </summary>
    private static InvalidEventException InvalidEvent(Func<string, string> problem, JsonException? cause = null)
    {
        var expected = TypeNames.Display(typeof(TEvent));
        var message = problem(expected)
            + $" Fix: invoke the function with JSON shaped like '{expected}', "
            + "or check which events serverless.yml connects to it.";
        return cause is null
            ? new InvalidEventException(message) { ExpectedEventType = expected }
            : new InvalidEventException(message, cause) { ExpectedEventType = expected };
    }
}
