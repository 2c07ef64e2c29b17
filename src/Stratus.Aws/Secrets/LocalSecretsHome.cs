using System.Security.Cryptography;
using Stratus.Aws.Internal;

namespace Stratus.Aws.Secrets;

/// <summary>
/// The user's Stratus folder (<c>$STRATUS_HOME</c>, else <c>~/.stratus</c>): the local key file and, under
/// <c>local-secrets/&lt;bucket&gt;/</c>, the local store's encrypted objects. It is never inside a service folder.
/// </summary>
public sealed class LocalSecretsHome
{
    /// <summary>The variable that moves the folder (tests and CI point it at a scratch folder).</summary>
    public const string HomeVariable = "STRATUS_HOME";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>Creates a home at a folder (created on first write).</summary>
    public LocalSecretsHome(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);

        Root = Path.GetFullPath(root);
    }

    /// <summary>Gets the folder.</summary>
    public string Root { get; }

    /// <summary>Gets the path of the local AES-256 key: 32 random bytes, readable by the owner only.</summary>
    public string KeyFilePath => Path.Combine(Root, "local.key");

    /// <summary>Finds the home from <c>STRATUS_HOME</c>, else the user's profile folder.</summary>
    public static LocalSecretsHome FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        if (environment.GetValueOrDefault(HomeVariable) is { Length: > 0 } home)
        {
            return new LocalSecretsHome(home);
        }

        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new LocalSecretsHome(Path.Combine(profile, ".stratus"));
    }

    /// <summary>Gets the folder that stands for a bucket.</summary>
    public string BucketDirectory(string bucket)
    {
        SecretNames.ValidateBucket(bucket);
        return Path.Combine(Root, "local-secrets", bucket);
    }

    /// <summary>Creates the bucket's folder, every level owner-only (names and dates are private too).</summary>
    internal void CreateBucketDirectory(string bucket)
    {
        var folder = BucketDirectory(bucket);
        CreateDirectory(Root);
        CreateDirectory(Path.Combine(Root, "local-secrets"));
        CreateDirectory(folder);
    }

    /// <summary>Reads the local key, or returns null when none was created yet.</summary>
    /// <exception cref="SecretStoreException">The key file is unreadable or not 32 bytes.</exception>
    public byte[]? ReadKey()
    {
        if (!File.Exists(KeyFilePath))
        {
            return null;
        }

        byte[] key;
        try
        {
            key = File.ReadAllBytes(KeyFilePath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SecretStoreException(
                $"the local key file '{KeyFilePath}' cannot be read ({error.Message.TrimEnd('.')})",
                "make the file readable by the current user (chmod 600).",
                error) { Code = SecretStoreErrorCodes.LocalKeyFile };
        }

        return key.Length == LocalEnvelopeCipher.KeySize
            ? key
            : throw new SecretStoreException(
                $"the local key file '{KeyFilePath}' holds {key.Length} bytes, not the 32 of an AES-256 key",
                "restore the file from a backup; if every local secret may be lost, delete it and set them again.")
            {
                Code = SecretStoreErrorCodes.LocalKeyFile,
            };
    }

    /// <summary>Reads the local key, creating it (owner-only, 0600) on first use.</summary>
    public byte[] ReadOrCreateKey()
    {
        if (ReadKey() is { } existing)
        {
            return existing;
        }

        CreateDirectory(Root);
        var key = RandomNumberGenerator.GetBytes(LocalEnvelopeCipher.KeySize);
        var temporary = $"{KeyFilePath}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            // Written under a temporary name with owner-only rights from the start, then moved: the key is
            // never readable by others, and a crash never leaves a half-written key file.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(key);
            }

            File.Move(temporary, KeyFilePath, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(KeyFilePath))
        {
            // Another stratus process created the key first; use that one.
            File.Delete(temporary);
            return ReadKey() ?? throw new InvalidOperationException("The local key file vanished after creation.");
        }
    }

    /// <summary>Creates a folder readable by the owner only.</summary>
    internal static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
    }

    internal static FileStreamOptions OwnerOnlyNewFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }
}
