namespace MLOps.Inference.Protocol;

/// <summary>
/// The exact fast path for decimal numbers (Clinger's): a number written with at most 15 significant digits
/// and a power of ten within 22 is a quotient or product of two exactly representable doubles, so one IEEE
/// operation rounds it correctly, to the same double <see cref="double.Parse(string)"/> gives. Anything else
/// (more digits, large exponents) is left to the general parser.
/// </summary>
internal static class FastFloatParser
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a JSON number token, or returns false when the fast path does not apply.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var sawDigit = false;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            sawDigit = true;
            if (mantissa != 0 || text[i] != '0')
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                digits++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                sawDigit = true;
                if (mantissa != 0 || text[i] != '0')
                {
                    mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                    digits++;
                }

                scale--;
            }
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                exponentNegative = text[i] == '-';
                i++;
            }

            var exponent = 0;
            var exponentDigits = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                if (++exponentDigits > 4)
                {
                    return false;
                }

                exponent = (exponent * 10) + (text[i] - '0');
            }

            if (exponentDigits == 0)
            {
                return false;
            }

            scale += exponentNegative ? -exponent : exponent;
        }

        if (!sawDigit || i != text.Length || digits > 15 || scale is < -22 or > 22)
        {
            return false;
        }

        var magnitude = scale < 0 ? mantissa / PowersOfTen[-scale] : mantissa * PowersOfTen[scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
