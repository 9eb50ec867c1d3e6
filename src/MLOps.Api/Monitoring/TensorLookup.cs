using MLOps.Inference.Protocol;

namespace MLOps.Api.Monitoring;

/// <summary>A request's input or a response's output by name: a loop over a few tensors, without allocating.</summary>
public static class TensorLookup
{
    public static InferInputTensor? Input(InferenceRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var tensor in request.Inputs)
        {
            if (tensor.Name == name)
            {
                return tensor;
            }
        }

        return null;
    }

    public static InferOutputTensor? Output(InferenceResponse response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var tensor in response.Outputs)
        {
            if (tensor.Name == name)
            {
                return tensor;
            }
        }

        return null;
    }
}
