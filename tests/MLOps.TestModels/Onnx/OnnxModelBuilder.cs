namespace MLOps.TestModels.Onnx;

/// <summary>
/// Writes an ONNX model (a serialized <c>ModelProto</c>) from a graph described in code, so tests need no
/// binary fixtures and no Python. Defaults: IR version 8, the default domain at opset 17, producer
/// <c>mlops-tests</c>.
/// </summary>
/// <param name="graphName">The name of the model's main graph.</param>
public sealed class OnnxModelBuilder(string graphName)
{
    // ModelProto, OperatorSetIdProto, StringStringEntryProto, GraphProto, NodeProto and ValueInfoProto
    // fields, from onnx/onnx.proto.
    private const int IrVersionField = 1;
    private const int ProducerNameField = 2;
    private const int ProducerVersionField = 3;
    private const int DomainField = 4;
    private const int ModelVersionField = 5;
    private const int DocStringField = 6;
    private const int GraphField = 7;
    private const int OpsetImportField = 8;
    private const int MetadataPropsField = 14;
    private const int OpsetDomainField = 1;
    private const int OpsetVersionField = 2;
    private const int EntryKeyField = 1;
    private const int EntryValueField = 2;
    private const int GraphNodeField = 1;
    private const int GraphNameField = 2;
    private const int GraphInitializerField = 5;
    private const int GraphInputField = 11;
    private const int GraphOutputField = 12;
    private const int NodeInputField = 1;
    private const int NodeOutputField = 2;
    private const int NodeNameField = 3;
    private const int NodeOpTypeField = 4;
    private const int NodeAttributeField = 5;
    private const int NodeDomainField = 7;
    private const int ValueNameField = 1;
    private const int ValueTypeField = 2;

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];

    /// <summary>The ONNX IR version the model declares.</summary>
    public long IrVersion { get; set; } = OnnxTestModels.IrVersion;

    /// <summary>The producer name written into the model.</summary>
    public string ProducerName { get; set; } = OnnxTestModels.ProducerName;

    /// <summary>The producer version written into the model.</summary>
    public string ProducerVersion { get; set; } = OnnxTestModels.ProducerVersion;

    /// <summary>The model's domain.</summary>
    public string Domain { get; set; } = "mlops.tests";

    /// <summary>The model's version number.</summary>
    public long ModelVersion { get; set; } = 1;

    /// <summary>The model's documentation string.</summary>
    public string Description { get; set; } = "";

    /// <summary>Operator set versions by domain; <c>""</c> is the default ONNX domain.</summary>
    public IDictionary<string, long> OpsetImports { get; } = new Dictionary<string, long> { [""] = OnnxTestModels.Opset };

    /// <summary>Custom metadata, written as the model's <c>metadata_props</c>.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();

    /// <summary>Declares a graph input.</summary>
    public OnnxModelBuilder AddInput(string name, OnnxType type)
    {
        _inputs.Add(ValueInfo(name, type));
        return this;
    }

    /// <summary>Declares a graph output.</summary>
    public OnnxModelBuilder AddOutput(string name, OnnxType type)
    {
        _outputs.Add(ValueInfo(name, type));
        return this;
    }

    /// <summary>Adds a constant tensor nodes can read by its name.</summary>
    public OnnxModelBuilder AddInitializer(OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _initializers.Add(tensor.ToProto());
        return this;
    }

    /// <summary>Adds a node; nodes must be added in topological order.</summary>
    /// <param name="opType">The operator, e.g. <c>MatMul</c>.</param>
    /// <param name="inputs">The names of the values the node reads.</param>
    /// <param name="outputs">The names of the values the node produces.</param>
    /// <param name="attributes">The node's attributes.</param>
    /// <param name="domain">The operator's domain; empty for the default ONNX domain.</param>
    public OnnxModelBuilder AddNode(
        string opType,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        IReadOnlyList<OnnxAttribute>? attributes = null,
        string domain = "")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.String(NodeInputField, input);
        }

        foreach (var output in outputs)
        {
            node.String(NodeOutputField, output);
        }

        node.String(NodeNameField, $"{opType}_{_nodes.Count}").String(NodeOpTypeField, opType);
        foreach (var attribute in attributes ?? [])
        {
            node.Message(NodeAttributeField, attribute.ToProto());
        }

        _nodes.Add(node.String(NodeDomainField, domain));
        return this;
    }

    /// <summary>Serializes the model.</summary>
    public byte[] Build()
    {
        var graph = new ProtoMessage();
        _nodes.ForEach(node => graph.Message(GraphNodeField, node));
        graph.String(GraphNameField, graphName);
        _initializers.ForEach(initializer => graph.Message(GraphInitializerField, initializer));
        _inputs.ForEach(input => graph.Message(GraphInputField, input));
        _outputs.ForEach(output => graph.Message(GraphOutputField, output));

        var model = new ProtoMessage()
            .Int64(IrVersionField, IrVersion)
            .String(ProducerNameField, ProducerName)
            .String(ProducerVersionField, ProducerVersion)
            .String(DomainField, Domain)
            .Int64(ModelVersionField, ModelVersion)
            .String(DocStringField, Description)
            .Message(GraphField, graph);
        foreach (var (domain, version) in OpsetImports)
        {
            model.Message(
                OpsetImportField,
                new ProtoMessage().String(OpsetDomainField, domain).Int64(OpsetVersionField, version));
        }

        foreach (var (key, value) in Metadata)
        {
            model.Message(MetadataPropsField, new ProtoMessage().String(EntryKeyField, key).String(EntryValueField, value));
        }

        return model.ToArray();
    }

    private static ProtoMessage ValueInfo(string name, OnnxType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new ProtoMessage().String(ValueNameField, name).Message(ValueTypeField, type.ToProto());
    }
}
