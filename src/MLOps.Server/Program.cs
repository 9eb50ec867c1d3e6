using MLOps.Api.GraphQL;
using MLOps.Api.GraphQL.Http;
using MLOps.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformStorage();
builder.AddOrleansSilo();
builder.Services.AddMLOpsGraphQL();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGraphQLHttp<MLOpsSchema>("/graphql");

app.Run();
