using System.Text;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Batching;

/// <summary>What requests must share to be stacked into one batch, and how many rows one contributes.</summary>
internal static class BatchKey
{
    /// <summary>
    /// The key (input names, datatypes and trailing shapes, requested outputs) and row count of a request,
    /// or null when the request cannot join a batch.
    /// </summary>
    public static (string Key, int Rows)? Of(InferenceRequest request)
    {
        if (request.Inputs.Count == 0)
        {
            return null;
        }

        var rows = -1L;
        var key = new StringBuilder();
        foreach (var input in request.Inputs.OrderBy(input => input.Name, StringComparer.Ordinal))
        {
            if (input.Shape.Length == 0 || input.Shape[0] <= 0 || (rows >= 0 && input.Shape[0] != rows)
                || TensorDatatypes.ElementCount(input.Shape) != input.Data.Length)
            {
                return null;
            }

            rows = input.Shape[0];
            key.Append(input.Name).Append('\0').Append(input.Datatype).Append('\0');
            for (var d = 1; d < input.Shape.Length; d++)
            {
                key.Append(input.Shape[d]).Append(',');
            }

            key.Append('\n');
        }

        key.Append('|');
        foreach (var output in request.Outputs ?? [])
        {
            key.Append(output.Name).Append('\0');
        }

        return rows > int.MaxValue ? null : (key.ToString(), (int)rows);
    }
}
