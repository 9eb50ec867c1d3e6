using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class OnnxMetadataType : ObjectGraphType<OnnxMetadataView>
{
    public OnnxMetadataType()
    {
        Name = "OnnxMetadata";
        Description = "Metadata of the ONNX model file.";
        Field(x => x.IrVersion).Description("ONNX IR version.");
        Field(x => x.ProducerName).Description("Tool that wrote the model.");
        Field(x => x.ProducerVersion);
        Field(x => x.GraphName);
        Field(x => x.Domain);
        Field(x => x.Description);
        Field(x => x.ModelVersion).Description("The model_version field of the file.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("customMetadata").Resolve(c => c.Source.CustomMetadata);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpsetType>>>>("opsetImports").Resolve(c => c.Source.OpsetImports);
    }
}
