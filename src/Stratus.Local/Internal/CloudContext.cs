using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stratus.Local.Internal;

/// <summary>What every part of one local cloud shares: options, clock, logging, output and started processes.</summary>
internal sealed class CloudContext
{
    private static readonly TimeSpan OutputFlushLimit = TimeSpan.FromMilliseconds(100);

    private readonly object _outputGate = new();
    private readonly ConcurrentDictionary<int, Process> _processes = new();
    private readonly ConcurrentDictionary<string, string> _functionArns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrencySlots> _concurrency = new(StringComparer.Ordinal);

    public CloudContext(LocalCloudOptions options)
    {
        Options = options;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("Stratus.Local");
        Time = options.TimeProvider;
        RestApiId = MakeApiId(options, ApiKind.RestApi);
        HttpApiId = MakeApiId(options, ApiKind.HttpApi);
    }

    public LocalCloudOptions Options { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>The REST API's id: stable, 10 characters, like the ones API Gateway assigns.</summary>
    public string RestApiId { get; }

    /// <summary>The HTTP API's id: in AWS the two are separate APIs, each with its own id.</summary>
    public string HttpApiId { get; }

    public string FunctionArn(string functionName) =>
        _functionArns.GetOrAdd(
            functionName,
            static (name, options) => $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{name}",
            Options);

    /// <summary>The concurrency count of the function <paramref name="functionKey"/>, kept across reloads.</summary>
    /// <remarks>
    /// Limitation: a function is matched by its serverless.yml key, so a reload that renames the key but keeps the
    /// function's name counts the old and new processes apart, where Lambda would count them together.
    /// </remarks>
    public ConcurrencySlots ConcurrencyOf(string functionKey) =>
        _concurrency.GetOrAdd(functionKey, static _ => new ConcurrencySlots());

    /// <summary>
    /// Shows a request the emulator routed to a function on the dev console, under the function's name:
    /// what was asked (<paramref name="verb"/>, then <paramref name="target"/> and, when not empty,
    /// '?' and <paramref name="query"/>), the status answered and how long it took since
    /// <paramref name="started"/>.
    /// </summary>
    public void WriteRequestLine(
        string functionKey,
        string verb,
        string target,
        string? query,
        int statusCode,
        long started)
    {
        // One string per request, made in one step: the line is most of what `dev` allocates for its console.
        var elapsed = Time.GetElapsedTime(started).TotalMilliseconds;
        var separator = string.IsNullOrEmpty(query) ? null : "?";
        var line = string.Create(
            CultureInfo.InvariantCulture, $"{verb} {target}{separator}{query} -> {statusCode} ({elapsed:0.00} ms)");
        WriteOutput(functionKey, FunctionOutputStream.Gateway, line);
    }

    /// <summary>Passes one line to the output sink, one line at a time across all functions.</summary>
    public void WriteOutput(string functionKey, FunctionOutputStream stream, string line)
    {
        if (Options.Output is not { } sink)
        {
            return;
        }

        try
        {
            lock (_outputGate)
            {
                sink.WriteLine(functionKey, stream, line);
            }
        }
#pragma warning disable CA1031 // A faulty sink must cost a line, not the instance that wrote it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EmulatorLog.OutputSinkFailed(Logger, functionKey, exception);
        }
    }

    /// <summary>
    /// Has the output sink write out what it holds back, before a failure is reported; a console that stopped
    /// reading holds this up for <see cref="OutputFlushLimit"/> at most, and its lines then follow the report.
    /// </summary>
    public void FlushOutput()
    {
        if (Options.Output is not { } sink)
        {
            return;
        }

        try
        {
            Task.Run(sink.Flush).Wait(OutputFlushLimit);
        }
#pragma warning disable CA1031 // A faulty sink must not keep the failure from being reported.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EmulatorLog.OutputSinkFailed(Logger, "(flush)", exception);
        }
    }

    public void TrackProcess(Process process) => _processes[process.Id] = process;

    public void ForgetProcess(int processId) => _processes.TryRemove(processId, out _);

    /// <summary>Ends every process this cloud started that is still running and waits until each is gone.</summary>
    public async Task<int> EndAllProcessesAsync()
    {
        var processes = _processes.Values.ToArray();
        foreach (var process in processes)
        {
            ProcessControl.KillTree(process);
        }

        foreach (var process in processes)
        {
            await ProcessControl.WaitForExitAsync(process, TimeSpan.FromSeconds(10));
        }

        return processes.Length;
    }

    /// <summary>A random (version 4) UUID, as Lambda and API Gateway give their request ids.</summary>
    /// <remarks>
    /// Ids must be unique, not secret, so they come from <see cref="Random.Shared"/>: on Linux, Guid.NewGuid and
    /// RandomNumberGenerator each read /dev/urandom, and under load that was two system calls per request.
    /// </remarks>
    public static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>
    /// A REST API's extended request id, in API Gateway's shape: 11 random bytes as 16 characters of base64, such
    /// as <c>BQGojGkVIAMFjWA=</c>.
    /// </summary>
    /// <remarks>Random, not secret: see <see cref="NewRequestId"/>. The string is the one allocation.</remarks>
    public static string NewExtendedRequestId()
    {
        Span<byte> bytes = stackalloc byte[11];
        Random.Shared.NextBytes(bytes);
        Span<char> id = stackalloc char[16];
        Convert.TryToBase64Chars(bytes, id, out var length);
        return new string(id[..length]);
    }

    public static string NewTraceId(DateTimeOffset now)
    {
        // Formatted on the stack: the id is the one string each request allocates for it. Random, not secret: see
        // NewRequestId.
        Span<byte> random = stackalloc byte[20];
        Random.Shared.NextBytes(random);
        Span<char> id = stackalloc char[80];
        var length = 0;
        Append(id, ref length, "Root=1-");
        now.ToUnixTimeSeconds().TryFormat(id[length..], out var epochLength, "x8", CultureInfo.InvariantCulture);
        length += epochLength;
        Append(id, ref length, "-");
        Convert.TryToHexStringLower(random[..12], id[length..], out var rootLength);
        length += rootLength;
        Append(id, ref length, ";Parent=");
        Convert.TryToHexStringLower(random[12..], id[length..], out var parentLength);
        length += parentLength;
        Append(id, ref length, ";Sampled=0");
        return new string(id[..length]);
    }

    private static void Append(Span<char> text, ref int length, string part)
    {
        part.CopyTo(text[length..]);
        length += part.Length;
    }

    private static string MakeApiId(LocalCloudOptions options, ApiKind api)
    {
        var seed = SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{options.Stage}|{options.Region}|{api}"));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(10, seed, (span, bytes) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[bytes[i] % alphabet.Length];
            }
        });
    }
}
