using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>GraphQL shape of <see cref="Page{T}"/> for a node graph type.</summary>
public sealed class ConnectionType<TNodeType, T> : ObjectGraphType<Page<T>>
    where TNodeType : IGraphType
{
    public ConnectionType()
    {
        var nodeName = typeof(TNodeType).Name.Replace("Type", string.Empty, StringComparison.Ordinal);
        Name = nodeName + "Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, T>>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}

public sealed class EdgeType<TNodeType, T> : ObjectGraphType<Edge<T>>
    where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = typeof(TNodeType).Name.Replace("Type", string.Empty, StringComparison.Ordinal) + "Edge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}
