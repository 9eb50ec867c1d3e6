using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.Server.Webhooks;

/// <summary>
/// How a webhook request is signed. The receiver recomputes
/// <c>hex(HMAC-SHA256(key: UTF-8 bytes of the secret, including its "whsec_" prefix,
/// message: X-MLOps-Timestamp + "." + raw request body))</c>, compares it in constant time with the value after
/// "sha256=" in X-MLOps-Signature-256, and rejects timestamps too far from its clock (say 5 minutes) to stop
/// replays. The timestamp is Unix seconds at the time of the attempt, so every attempt is signed afresh.
/// </summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-MLOps-Event";
    public const string DeliveryHeader = "X-MLOps-Delivery";
    public const string TimestampHeader = "X-MLOps-Timestamp";
    public const string SignatureHeader = "X-MLOps-Signature-256";
    public const string SignaturePrefix = "sha256=";

    /// <summary>The X-MLOps-Signature-256 value for this body sent at <paramref name="unixSeconds"/>.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return SignaturePrefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
