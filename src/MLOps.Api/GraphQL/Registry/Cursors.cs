using System.Globalization;
using System.Text;
using MLOps.Contracts;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>Opaque cursors: base64 of a typed position, so clients cannot depend on their content.</summary>
public static class Cursors
{
    public static string ForName(string name) => Encode("name:" + name);

    public static string ForId(long id) => Encode("id:" + id.ToString(CultureInfo.InvariantCulture));

    public static string? ReadName(string? cursor) => cursor is null ? null : Decode(cursor, "name:");

    public static long? ReadId(string? cursor) =>
        cursor is null ? null
        : long.TryParse(Decode(cursor, "id:"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw MLOpsException.Invalid($"'{cursor}' is not a cursor of this list; pass an endCursor you received.");

    public static int CheckFirst(int? first, int defaultValue = 20, int max = 100) =>
        first is null ? defaultValue
        : first >= 1 && first <= max ? first.Value
        : throw new MLOpsException(ErrorCodes.LimitExceeded, $"first must be between 1 and {max}.");

    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Decode(string cursor, string prefix)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw MLOpsException.Invalid($"'{cursor}' is not a cursor of this list; pass an endCursor you received.");
    }
}
