using GraphQL.Types;
using MLOps.Storage.Identity;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>A new key and its secret, which is shown this once.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Key, string Secret);

public sealed class CreatedApiKeyType : ObjectGraphType<CreatedApiKey>
{
    public CreatedApiKeyType()
    {
        Name = "CreatedApiKey";
        Field<NonNullGraphType<ApiKeyType>>("apiKey").Resolve(c => c.Source.Key);
        Field(x => x.Secret).Description("The key to send as 'Authorization: Bearer <secret>'. Shown only now; store it safely.");
    }
}
