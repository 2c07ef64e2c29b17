using Stratus.Cli;

return await StratusApp.RunAsync(args, Console.Out, Console.Error);
