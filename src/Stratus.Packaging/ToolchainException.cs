namespace Stratus.Packaging;

/// <summary>A toolchain a build needs could not be installed; says what failed and how to fix it.</summary>
public sealed class ToolchainException : Exception
{
    private ToolchainException(string code, string message, string fix)
        : base(message)
    {
        Code = code;
        Fix = fix;
    }

    /// <summary>The STR error code.</summary>
    public string Code { get; }

    /// <summary>What the user can do about it.</summary>
    public string Fix { get; }

    internal static ToolchainException DownloadFailed(string url, string reason) => new(
        "STR3016",
        $"could not download the Amazon Linux 2 toolchain that provided.al2 Native AOT builds link against, " +
        $"from {url}: {reason}.",
        "check this machine's connection to the npm registry (NPM_CONFIG_REGISTRY names a mirror), or set " +
        $"{Internal.Al2Toolchain.RootVariable} to a folder where the toolchain is already installed.");

    internal static ToolchainException IntegrityMismatch(string url, string expected, string actual) => new(
        "STR3017",
        $"the Amazon Linux 2 toolchain downloaded from {url} is not the one Stratus pins: its integrity is " +
        $"{actual[..20]}..., not {expected[..20]}...; nothing was installed.",
        "if NPM_CONFIG_REGISTRY names a mirror, make sure it serves the npm registry's packages unchanged, then " +
        "run the command again.");

    internal static ToolchainException UnexpectedPackage(string url, string expectedEntry) => new(
        "STR3017",
        $"the package downloaded from {url} holds no '{expectedEntry}'; nothing was installed.",
        "make sure NPM_CONFIG_REGISTRY, if set, serves the npm registry's packages unchanged.");

    internal static ToolchainException UnpackFailed(IReadOnlyList<string> output, bool toolMissing) => new(
        "STR3018",
        "could not unpack the Amazon Linux 2 toolchain (an xz archive): " +
        string.Join(" ", output.Take(3)).Trim() + "; nothing was installed.",
        toolMissing
            ? "install tar and xz-utils (apt-get install tar xz-utils), then run the command again."
            : "tar's message above says why (a full disk, say); correct that, then run the command again.");

    internal static ToolchainException BadRegistry(string registry) => new(
        "STR3016",
        $"the npm registry NPM_CONFIG_REGISTRY names, '{registry}', is not an http:// or https:// URL, so the " +
        "Amazon Linux 2 toolchain that provided.al2 Native AOT builds link against cannot be downloaded.",
        "set NPM_CONFIG_REGISTRY to your registry's URL, such as https://registry.npmjs.org/, or unset it.");

    internal static ToolchainException RootUnusable(string root, string reason) => new(
        "STR3019",
        $"the toolchains folder '{root}' cannot be created or written: {reason}",
        $"set {Internal.Al2Toolchain.RootVariable} to a folder you can write (it is created if missing), or " +
        "unset it to use ~/.stratus/toolchains.");
}
