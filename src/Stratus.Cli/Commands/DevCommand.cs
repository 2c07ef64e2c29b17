using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Stratus.Cli.Output;
using Stratus.Cli.Errors;
using Stratus.Local;
using Stratus.Packaging;

namespace Stratus.Cli.Commands;

/// <summary>`stratus dev`: the whole service on 127.0.0.1 until Ctrl+C.</summary>
internal static class DevCommand
{
    // Each command gets its own option instances (the Create* methods), read back by these names: an option
    // records the commands it belongs to, and roots built at once on several threads (as tests do)
    // corrupted that record when the instances were shared statics.
    private const string PortName = "--port";

    private const int DefaultPort = 3000;

    public static Command Create(CliConsole console)
    {
        var command = new Command("dev", "Run the service locally: API Gateway in front, each function its own process.");
        command.Options.Add(CreatePortOption());
        command.Options.Add(PackagedOption.Create());
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        // First, before anything here opens a socket (see SocketCompletions).
        SocketCompletions.RunInline();

        var service = ServiceContext.Load(parse);
        var port = parse.GetValue<int>(PortName);
        EnsurePortIsFree(port);

        // Declared first so it is disposed last: the function processes' final lines, written while the session
        // stops them, still reach the console.
        using var functionOutput = new PrefixedOutputSink(console.Out);
        await using var session = await StartAsync(
            service, port, parse.GetValue<bool>(PackagedOption.Name), functionOutput, console, cancellationToken);
        await console.Out.WriteLineAsync(RouteTable.Format(session));
        if (ScheduleList.Format(session.Service) is { Length: > 0 } schedules)
        {
            await console.Out.WriteLineAsync(schedules);
        }

        // A deploy-only limit is an error in `package` and a warning here: the service still runs locally.
        var warnings = EmulationWarnings.Find(session.Service).Concat(EnvironmentSize.Check(session.Service));
        ConfigWarningOutput.Write(console.Error, warnings);

        await console.Out.FlushAsync(cancellationToken);

        try
        {
            var packaged = parse.GetValue<bool>(PackagedOption.Name);
            var reload = new ReloadCoordinator(
                session, () => ServiceContext.Load(parse), console, functionOutput, packaged);
            await reload.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("Stopping: ending every function process.");
        }

        return ExitCodes.Cancelled;
    }

    private static async Task<DevSession> StartAsync(
        Stratus.Service.ServiceDefinition service,
        int port,
        bool packaged,
        PrefixedOutputSink functionOutput,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        try
        {
            return await DevSession.StartAsync(
                service,
                port,
                functionOutput,
                console,
                packaged,
                callerShowsOutcomes: false,
                cancellationToken);
        }
        catch (IOException error) when (IsAddressInUse(error))
        {
            throw CliErrors.PortInUse(port);
        }
    }

    private static Option<int> CreatePortOption()
    {
        var port = new Option<int>(PortName, "-p")
        {
            Description = $"Port on 127.0.0.1 to serve on (default {DefaultPort}; 0 picks a free one).",
            DefaultValueFactory = _ => DefaultPort,
        };
        port.Validators.Add(result =>
        {
            // Reading the value of a token that is not a whole number throws, so such a token is refused first.
            if (result.Tokens is [var token]
                && !int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                result.AddError(
                    $"--port '{token.Value}' is not a TCP port; use a whole number from 0 to 65535 " +
                    "(0 picks a free one)");
                return;
            }

            var value = result.GetValueOrDefault<int>();
            if (value is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            {
                result.AddError($"--port {value} is not a TCP port; use 0 to 65535 (0 picks a free one)");
            }
        });
        return port;
    }

    /// <summary>
    /// Checks the port before the build, which takes a while, so a busy port fails at once; Kestrel's own
    /// bind failure is still mapped for the race where something takes the port in between.
    /// </summary>
    private static void EnsurePortIsFree(int port)
    {
        if (port == 0)
        {
            return;
        }

        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw CliErrors.PortInUse(port);
        }
        finally
        {
            probe.Stop();
        }
    }

    private static bool IsAddressInUse(IOException error) =>
        error.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
