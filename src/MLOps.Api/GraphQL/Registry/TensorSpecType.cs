using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class TensorSpecType : ObjectGraphType<TensorSpecView>
{
    public TensorSpecType()
    {
        Name = "TensorSpec";
        Description = "An input or output of a model, as ONNX Runtime reports it.";
        Field(x => x.Name).Description("Tensor name.");
        Field(x => x.ElementType).Description("Open Inference Protocol datatype (FP32, INT64, BYTES, ...).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("shape")
            .Description("Dimensions; -1 marks a dynamic dimension.").Resolve(c => c.Source.Shape);
    }
}
