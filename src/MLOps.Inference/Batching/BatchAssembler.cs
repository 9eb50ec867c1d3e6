using MLOps.Inference.Protocol;

namespace MLOps.Inference.Batching;

/// <summary>Stacks requests along their first dimension, and cuts a batch's response back into one per request.</summary>
internal static class BatchAssembler
{
    /// <summary>One request whose inputs are the members' inputs, row blocks in member order.</summary>
    public static InferenceRequest Merge(IReadOnlyList<InferenceRequest> members, int totalRows)
    {
        var first = members[0];
        var inputs = new InferInputTensor[first.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var name = first.Inputs[i].Name;
            var parts = members.Select(member => member.Inputs.First(input => input.Name == name).Data).ToArray();
            var shape = (long[])first.Inputs[i].Shape.Clone();
            shape[0] = totalRows;
            inputs[i] = new InferInputTensor(name, shape, first.Inputs[i].Datatype, TensorData.Concat(parts));
        }

        return new InferenceRequest(null, inputs, first.Outputs);
    }

    /// <summary>
    /// Each member's rows of every output, or null when some output does not have one row per input row
    /// and so cannot be cut apart.
    /// </summary>
    public static InferenceResponse[]? Split(InferenceResponse response, IReadOnlyList<(string? Id, int Rows)> members)
    {
        var totalRows = members.Sum(member => member.Rows);
        if (response.Outputs.Any(output => output.Shape.Length == 0 || output.Shape[0] != totalRows))
        {
            return null;
        }

        var responses = new InferenceResponse[members.Count];
        var firstRow = 0;
        for (var m = 0; m < members.Count; m++)
        {
            var (id, rows) = members[m];
            var outputs = new InferOutputTensor[response.Outputs.Count];
            for (var o = 0; o < outputs.Length; o++)
            {
                var output = response.Outputs[o];
                var rowLength = totalRows == 0 ? 0 : output.Data.Length / totalRows;
                var shape = (long[])output.Shape.Clone();
                shape[0] = rows;
                outputs[o] = output with { Shape = shape, Data = output.Data.Slice(firstRow * rowLength, rows * rowLength) };
            }

            responses[m] = response with { Id = id, Outputs = outputs };
            firstRow += rows;
        }

        return responses;
    }
}
