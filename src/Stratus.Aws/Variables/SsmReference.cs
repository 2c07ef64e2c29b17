namespace Stratus.Aws.Variables;

/// <summary>A parsed <c>${ssm:}</c> reference.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Region">The region given in parentheses, or null for the service's.</param>
/// <param name="Raw">Whether StringLists and JSON stay text.</param>
/// <param name="Decrypt">Whether a SecureString is to be decrypted.</param>
/// <param name="DecryptAskedBySuffix">Whether decryption was asked for with the framework 2 suffix '~true'.</param>
internal readonly record struct SsmReference(
    string Name,
    string? Region,
    bool Raw,
    bool Decrypt,
    bool DecryptAskedBySuffix);
