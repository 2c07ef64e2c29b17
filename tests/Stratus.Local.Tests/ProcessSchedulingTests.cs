using System.Globalization;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// Function processes run under Linux's SCHED_BATCH policy, so that one woken by the emulator does not preempt it,
/// and the emulator's own threads stay normal.
/// </summary>
/// <remarks>Alone, because another test starting a process holds the batch policy on one thread for a moment.</remarks>
[Collection(RunsAlone.Name)]
public sealed class ProcessSchedulingTests
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;

    [Fact]
    public async Task Invoke_FunctionProcess_RunsEveryThreadUnderBatchScheduling()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        var result = await test.InvokeAsync("pid");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.All(ThreadPolicies(Json.Pid(result)), policy => Assert.Equal(SchedBatch, policy));
    }

    [Fact]
    public async Task Invoke_ConcurrentColdStarts_EveryProcessRunsUnderBatchScheduling()
    {
        // Starts that overlap must not undo each other: one start's put-back of the emulator's threads would turn
        // another's starting thread normal before it forks.
        var function = Create("hold", "hold") with { ReservedConcurrency = 4 };
        await using var test = await TestCloud.StartAsync(function);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(_ => test.InvokeAsync("hold", """{"ms":1500}""")));

        Assert.All(results, result => Assert.True(result.IsSuccess, result.ErrorMessage));
        var processIds = results.Select(Json.Pid).Distinct().ToList();
        Assert.Equal(4, processIds.Count);
        Assert.All(processIds, processId =>
            Assert.All(ThreadPolicies(processId), policy => Assert.Equal(SchedBatch, policy)));
    }

    [Fact]
    public async Task Invoke_AfterStartingFunctionProcesses_EveryEmulatorThreadIsStillNormal()
    {
        // The first start in a process creates .NET's signal-handling thread on the starting thread, which holds
        // the batch policy at that moment.
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"), Create("echo", "echo"));

        var pid = await test.InvokeAsync("pid");
        var echo = await test.InvokeAsync("echo", "{}");

        Assert.True(pid.IsSuccess && echo.IsSuccess, pid.ErrorMessage ?? echo.ErrorMessage);
        Assert.All(ThreadPolicies(Environment.ProcessId), policy => Assert.Equal(SchedOther, policy));
    }

    /// <summary>The scheduling policy of each thread of a process (field 41 of each task's stat file).</summary>
    private static List<int> ThreadPolicies(int processId)
    {
        var policies = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // The thread ended while the list was read.
            }

            // Fields after the command name, which may hold spaces, start at field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            policies.Add(int.Parse(fields[41 - 3], CultureInfo.InvariantCulture));
        }

        return policies;
    }
}
