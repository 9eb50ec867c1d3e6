using System.Text;
using System.Text.Json;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Protocol;

internal static class CodecJson
{
    public static string Write(InferenceResponse response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            InferenceJsonCodec.WriteResponse(writer, response);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
