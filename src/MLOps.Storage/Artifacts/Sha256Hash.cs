using MLOps.Contracts;

namespace MLOps.Storage.Artifacts;

/// <summary>Validation of the lowercase hexadecimal SHA-256 digests that name artifacts.</summary>
public static class Sha256Hash
{
    public const int HexLength = 64;

    public static bool IsValid(string? value) =>
        value is { Length: HexLength } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Accepts upper- or lowercase hex and returns the canonical lowercase form, or throws a VALIDATION error.</summary>
    public static string Normalize(string? value)
    {
        var lower = value?.Trim().ToLowerInvariant();
        if (!IsValid(lower))
        {
            throw MLOpsException.Invalid($"'{value}' is not a SHA-256 digest: expected {HexLength} hexadecimal characters.");
        }

        return lower!;
    }
}
