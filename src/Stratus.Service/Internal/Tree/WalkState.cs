namespace Stratus.Service.Internal.Tree;

/// <summary>How far the resolver got in resolving every variable below a container.</summary>
internal enum WalkState
{
    NotWalked,
    Walking,
    Resolved,
    Failed,
}
