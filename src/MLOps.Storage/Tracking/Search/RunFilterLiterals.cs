using System.Globalization;

namespace MLOps.Storage.Tracking.Search;

/// <summary>Converts number, time and UUID tokens to values; VALIDATION (at the token) when out of range or malformed.</summary>
internal static class RunFilterLiterals
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static readonly long MinEpochMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static double Number(RunFilterLexer lexer, RunFilterToken token)
    {
        var number = double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number) ? number : throw lexer.Fail(token.Position, $"the number {lexer.Describe(token)} is out of range.");
    }

    public static DateTimeOffset EpochMilliseconds(RunFilterLexer lexer, RunFilterToken token)
    {
        var milliseconds = Number(lexer, token);
        return milliseconds >= MinEpochMilliseconds && milliseconds <= MaxEpochMilliseconds
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(milliseconds)
            : throw lexer.Fail(token.Position, $"the time {lexer.Describe(token)} (milliseconds since the Unix epoch) is out of range.");
    }

    public static DateTimeOffset Timestamp(RunFilterLexer lexer, RunFilterToken token) =>
        DateTimeOffset.TryParseExact(token.Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw lexer.Fail(token.Position, $"expected an ISO-8601 timestamp such as '2024-05-01T12:00:00Z', found {lexer.Describe(token)}.");

    public static Guid Uuid(RunFilterLexer lexer, RunFilterToken token) =>
        Guid.TryParseExact(token.Value, "D", out var id) || Guid.TryParseExact(token.Value, "N", out id)
            ? id
            : throw lexer.Fail(token.Position, $"expected a UUID (32 hex digits, with or without dashes), found {lexer.Describe(token)}.");
}
