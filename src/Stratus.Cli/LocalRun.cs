namespace Stratus.Cli;

/// <summary>Which command runs the functions locally: the environment a function gets differs a little.</summary>
internal enum LocalRun
{
    /// <summary>`stratus dev`: the whole service, for as long as it runs.</summary>
    Dev,

    /// <summary>`stratus invoke local`: one function, once.</summary>
    InvokeLocal,
}
