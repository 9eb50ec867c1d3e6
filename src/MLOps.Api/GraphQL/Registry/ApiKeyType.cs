using GraphQL.Types;
using MLOps.Storage.Identity;

namespace MLOps.Api.GraphQL.Registry;

public sealed class ApiKeyType : ObjectGraphType<ApiKeyRecord>
{
    public ApiKeyType()
    {
        Name = "ApiKey";
        Description = "An API key, without its secret.";
        Field(x => x.Id);
        Field(x => x.DisplayPrefix).Description("The key's first characters, to recognise it.");
        Field(x => x.Owner).Description("The name the audit trail records.");
        Field(x => x.Role).Description("reader, contributor, approver or admin.");
        Field(x => x.Description, nullable: true);
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy);
        Field(x => x.ExpiresAt, nullable: true);
        Field(x => x.RevokedAt, nullable: true);
        Field(x => x.RevokedBy, nullable: true);
    }
}
