namespace Stratus.Cli;

/// <summary>The exit codes of `stratus`, as STYLE.md sets them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageOrConfig = 2;
    public const int Cancelled = 130;
}
