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

/// <summary>Entry point; public so integration tests can host the real server in-process.</summary>
public partial class Program;
