namespace Stratus.Service.Internal.Variables;

/// <summary>
/// One <c>${file()}</c> a value was read through: the file, the address taken from it, the step as a cycle names
/// it (<c>file(./a.yml):y</c>) and the property whose variable asked for it.
/// </summary>
internal sealed record FileInclude(string FullPath, string Address, string Label, string RequestedBy);
