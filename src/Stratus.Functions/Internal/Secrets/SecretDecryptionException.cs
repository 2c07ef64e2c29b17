using System;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>A secret could not be decrypted; the message never contains the value, plain or encrypted.</summary>
internal sealed class SecretDecryptionException : Exception
{
    public SecretDecryptionException()
    {
    }

    public SecretDecryptionException(string message)
        : base(message)
    {
    }

    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
