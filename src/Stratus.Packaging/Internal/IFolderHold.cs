namespace Stratus.Packaging.Internal;

/// <summary>A build's hold on the folders its function processes run from.</summary>
internal interface IFolderHold : IDisposable
{
    /// <summary>Lets the folders go and removes those no one else holds.</summary>
    void Retire();
}
