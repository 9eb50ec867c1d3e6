using MLOps.Api.Apis;
using MLOps.Api.GraphiQL;
using MLOps.Api.GraphQL;
using MLOps.Api.GraphQL.Http;
using MLOps.Api.GraphQL.WebSockets;
using MLOps.Api.Serving;
using MLOps.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformStorage();
builder.AddIdentityAndRegistry();
builder.AddWebhookDelivery();
builder.AddOrleansSilo();
builder.AddMonitoring();
builder.Services.AddHostedService<RouteRefresher>();
builder.Services.AddMLOpsGraphQL();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.UseGraphQLWebSockets<MLOpsSchema>("/graphql");
app.MapDefaultEndpoints();
app.MapGraphQLHttp<MLOpsSchema>("/graphql");
app.MapGraphiQLAssets("/graphiql");
app.MapArtifactsApi();
app.MapInferenceApi();
app.MapTrackingApi();
app.MapMonitoringApi();

app.Run();
