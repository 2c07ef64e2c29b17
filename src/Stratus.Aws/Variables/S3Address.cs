using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>The <c>bucket/key</c> address of <c>${s3:bucket/key}</c>.</summary>
internal readonly record struct S3Address(string Bucket, string Key)
{
    public static S3Address Parse(VariableSourceRequest request)
    {
        var address = request.Address ?? "";
        var separator = address.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0 || separator == address.Length - 1)
        {
            throw new VariableSourceException(
                $"the address '{address}' is not of the form 'bucket/key'",
                "write the reference as ${s3:my-bucket/path/to/key}, e.g. ${s3:${sls:stage}-secrets/jwtSecret}.");
        }

        return new S3Address(address[..separator], address[(separator + 1)..]);
    }
}
