using System.Security.Cryptography;
using System.Text;

namespace MLOps.Storage.Identity;

/// <summary>
/// API key format: "mlops_" followed by 43 base64url characters (32 random bytes). The prefix lets secret
/// scanners recognise a leaked key; only the key's SHA-256 is stored.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "mlops_";

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeKey(string? value) =>
        value is { Length: > 20 and < 200 } && value.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What listings show: enough to tell keys apart, far too little to use.</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, Prefix.Length + 6)] + "...";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
