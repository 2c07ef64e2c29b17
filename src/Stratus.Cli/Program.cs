using System.Text;
using Stratus.Cli;

return await StratusApp.RunAsync(
    args,
    OpenStandard(Console.OpenStandardOutput()),
    OpenStandard(Console.OpenStandardError()),
    PipedInput.Open());

// Console.Out and Console.Error encode through a 256-character buffer, so a batch of function output became one
// system call per 256 characters (64 for 16 KB); these writers hand each Write to the OS whole. They flush on
// every Write, like the console's own, so nothing waits in a buffer and output keeps its order with the logger's.
static TextWriter OpenStandard(Stream stream) =>
    TextWriter.Synchronized(
        new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024)
        {
            AutoFlush = true,
        });
