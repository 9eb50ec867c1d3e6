using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>Relay page info.</summary>
public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(x => x.HasNextPage);
        Field(x => x.EndCursor, nullable: true).Description("Pass as `after` to get the next page.");
    }
}
