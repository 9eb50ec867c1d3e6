using System.Globalization;
using System.Text;
using MLOps.Contracts;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// Splits filter (or order-by) text into tokens on demand, so the first error by position is the one reported.
/// Characters that start no token become <see cref="RunFilterTokenKind.Invalid"/> tokens for the parser to
/// report in context; only unterminated quotes fail here. Messages read "{subject} error at position N{where}:
/// ...", and the end of the text is "the end of the {noun}".
/// </summary>
internal sealed class RunFilterLexer(string text, string subject, string noun, string where)
{
    private const int ShownLength = 40;

    private int _position;

    /// <summary>The lexed text.</summary>
    public string Text => text;

    /// <summary>Characters of unquoted keys and names.</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/';

    public RunFilterToken Next()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }

        var start = _position;
        if (start >= text.Length)
        {
            return new RunFilterToken(RunFilterTokenKind.End, start, string.Empty);
        }

        var c = text[start];
        switch (c)
        {
            case '(':
                return Single(RunFilterTokenKind.LeftParen, 1);
            case ')':
                return Single(RunFilterTokenKind.RightParen, 1);
            case ',':
                return Single(RunFilterTokenKind.Comma, 1);
            case '=':
                return Single(RunFilterTokenKind.Operator, 1);
            case '!':
                return Single(At(start + 1) == '=' ? RunFilterTokenKind.Operator : RunFilterTokenKind.Invalid, At(start + 1) == '=' ? 2 : 1);
            case '<':
                return Single(RunFilterTokenKind.Operator, At(start + 1) is '=' or '>' ? 2 : 1);
            case '>':
                return Single(RunFilterTokenKind.Operator, At(start + 1) == '=' ? 2 : 1);
            case '\'' or '"':
                {
                    var value = ReadQuoted(start, "string");
                    return new RunFilterToken(RunFilterTokenKind.String, start, text[start.._position], value);
                }

            case '`':
                {
                    var name = ReadQuoted(start, "name");
                    return new RunFilterToken(RunFilterTokenKind.Word, start, text[start.._position], name);
                }
        }

        if (char.IsDigit(c) || (c is '-' or '.' && StartsNumber(start + 1)))
        {
            return ReadNumber(start);
        }

        if (char.IsLetter(c) || c == '_')
        {
            return ReadWord(start);
        }

        return Single(RunFilterTokenKind.Invalid, char.IsSurrogatePair(text, start) ? 2 : 1);
    }

    /// <summary>A VALIDATION error pointing at the 1-based position of the 0-based index.</summary>
    public MLOpsException Fail(int position, string message) =>
        MLOpsException.Invalid(string.Create(CultureInfo.InvariantCulture, $"{subject} error at position {position + 1}{where}: {message}"));

    /// <summary>How a token is shown in "found ..." messages.</summary>
    public string Describe(RunFilterToken token) => token.Kind switch
    {
        RunFilterTokenKind.End => "the end of the " + noun,
        RunFilterTokenKind.String => Shorten(token.Text),
        _ => "'" + Shorten(token.Text) + "'",
    };

    /// <summary>Shows source text in a message, cut short when long.</summary>
    public static string Shorten(string source) => source.Length <= ShownLength ? source : source[..(ShownLength - 3)] + "...";

    private char At(int index) => index < text.Length ? text[index] : '\0';

    private bool StartsNumber(int index) => char.IsDigit(At(index)) || (At(index) == '.' && char.IsDigit(At(index + 1)));

    private RunFilterToken Single(RunFilterTokenKind kind, int length)
    {
        var start = _position;
        _position += length;
        return new RunFilterToken(kind, start, text.Substring(start, length));
    }

    private string ReadQuoted(int start, string what)
    {
        var quote = text[start];
        var value = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= text.Length)
            {
                throw Fail(start, $"unterminated {what}: expected a closing {quote} for the {quote} opened here, found the end of the text.");
            }

            if (text[i] == quote)
            {
                if (At(i + 1) != quote)
                {
                    _position = i + 1;
                    return value.ToString();
                }

                i++;
            }

            value.Append(text[i]);
            i++;
        }
    }

    private RunFilterToken ReadNumber(int start)
    {
        var i = start;
        if (text[i] == '-')
        {
            i++;
        }

        while (char.IsDigit(At(i)))
        {
            i++;
        }

        if (At(i) == '.')
        {
            i++;
            while (char.IsDigit(At(i)))
            {
                i++;
            }
        }

        if (At(i) is 'e' or 'E' && (char.IsDigit(At(i + 1)) || (At(i + 1) is '+' or '-' && char.IsDigit(At(i + 2)))))
        {
            i += 2;
            while (char.IsDigit(At(i)))
            {
                i++;
            }
        }

        _position = i;
        return new RunFilterToken(RunFilterTokenKind.Number, start, text[start..i]);
    }

    private RunFilterToken ReadWord(int start)
    {
        var i = start;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        _position = i;
        if (text[i - 1] == '.' && At(i) is '`' or '"')
        {
            var key = ReadQuoted(i, "name");
            return new RunFilterToken(RunFilterTokenKind.Word, start, text[start.._position], key, text[start..(i - 1)]);
        }

        return new RunFilterToken(RunFilterTokenKind.Word, start, text[start..i]);
    }
}
