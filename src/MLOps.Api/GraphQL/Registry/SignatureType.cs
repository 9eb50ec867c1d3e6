using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class SignatureType : ObjectGraphType<SignatureView>
{
    public SignatureType()
    {
        Name = "ModelSignature";
        Description = "Inputs and outputs read by loading the model with ONNX Runtime.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TensorSpecType>>>>("inputs").Resolve(c => c.Source.Inputs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TensorSpecType>>>>("outputs").Resolve(c => c.Source.Outputs);
    }
}
