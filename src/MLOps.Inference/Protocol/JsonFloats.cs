using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>
/// NaN and the infinities, which JSON numbers cannot carry, as the strings "NaN", "Infinity" and "-Infinity"
/// (what System.Text.Json's named floating-point literals and our writers produce).
/// </summary>
public static class JsonFloats
{
    /// <summary>Reads the current token as one of the named values; false for any other token.</summary>
    public static bool TryGetNamed(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (reader.ValueTextEquals("NaN"u8))
        {
            value = double.NaN;
        }
        else if (reader.ValueTextEquals("Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (reader.ValueTextEquals("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            return false;
        }

        return true;
    }
}
