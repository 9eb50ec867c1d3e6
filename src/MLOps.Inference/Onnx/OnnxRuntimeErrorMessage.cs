using System.Text.RegularExpressions;

namespace MLOps.Inference.Onnx;

/// <summary>
/// Turns an ONNX Runtime error message into a reason a model's owner can read: no error-code prefix, no
/// "Load model from /tmp/... failed:" wrapper, no C++ source locations or stack trace, at most two sentences.
/// </summary>
internal static partial class OnnxRuntimeErrorMessage
{
    private const int MaxSentences = 2;
    private const int MaxLength = 400;

    public static string ToReason(string message, string? modelPath)
    {
        // A stack trace, when ONNX Runtime appends one, starts on the next line.
        var reason = message.Split('\n', 2)[0];
        reason = ErrorCodePrefix().Replace(reason, "");
        reason = LoadModelPrefix().Replace(reason, "");
        reason = SourceLocation().Replace(reason, "");
        if (!string.IsNullOrEmpty(modelPath))
        {
            reason = reason.Replace(modelPath, Path.GetFileName(modelPath), StringComparison.Ordinal);
            var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath));
            if (!string.IsNullOrEmpty(directory))
            {
                reason = reason.Replace(directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            }
        }

        reason = FirstSentences(reason.Trim());
        if (reason.Length > MaxLength)
        {
            reason = string.Concat(reason.AsSpan(0, MaxLength - 3).TrimEnd(), "...");
        }

        return reason.Length == 0 ? "ONNX Runtime gave no reason." : reason;
    }

    private static string FirstSentences(string text)
    {
        var end = 0;
        for (var sentence = 0; sentence < MaxSentences; sentence++)
        {
            var stop = text.IndexOf(". ", end, StringComparison.Ordinal);
            if (stop < 0)
            {
                return text;
            }

            end = stop + 1;
        }

        return text[..end];
    }

    [GeneratedRegex(@"^\s*\[ErrorCode:\w+\]\s*")]
    private static partial Regex ErrorCodePrefix();

    [GeneratedRegex(@"^Load model from .*? failed:\s*")]
    private static partial Regex LoadModelPrefix();

    // ORT_ENFORCE failures read "/src/onnxruntime/core/x.cc:123 void onnxruntime::F(int) condition was false."
    [GeneratedRegex(@"(?:[A-Za-z]:)?[\w./\\-]*\.(?:cc|cpp|c|h|hpp):\d+\s+(?:(?:[\w:<>*&]+\s+)?[\w:<>~]*::[\w<>~]+\([^)]*\)\s*(?:const\s*)?)?")]
    private static partial Regex SourceLocation();
}
