// Azure resources for the MLOps platform, provisioned by `azd up` / `azd provision`.
// See docs/deploy.md for what each resource is for and what it costs.
targetScope = 'subscription'

@description('Name of the azd environment; names the resource group and seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource.')
@minLength(1)
param location string

@description('Object ID of the person or principal running azd (AZURE_PRINCIPAL_ID); gets blob data access for inspection. Empty for none.')
param principalId string = ''

@description('Whether the mlops-server Container App already exists; azd fills this in so that provisioning keeps the deployed image.')
param mlopsServerExists bool = false

@description('Fewest server replicas (Orleans silos) kept running.')
@minValue(2)
param serverMinReplicas int = 2

@description('Most server replicas the HTTP scale rule may add.')
@minValue(2)
@maxValue(300)
param serverMaxReplicas int = 10

@description('Concurrent HTTP requests per replica above which Container Apps adds a replica.')
@minValue(1)
param serverConcurrentRequestsPerReplica int = 50

@description('vCPU per server replica (a valid Consumption pair with serverMemory).')
@allowed([
  '0.5'
  '1.0'
  '2.0'
  '4.0'
])
param serverCpu string = '0.5'

@description('Memory per server replica (2 GiB per vCPU on Consumption).')
@allowed([
  '1Gi'
  '2Gi'
  '4Gi'
  '8Gi'
])
param serverMemory string = '1Gi'

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var serviceName = 'mlops-server'
var databaseName = 'mlops'
var artifactsContainerName = 'artifacts'
// Names are fixed here rather than read from module outputs so that what-if can predict every resource ID.
var identityName = 'id-mlops-${resourceToken}'
var logAnalyticsName = 'log-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'

// What a brand-new app runs until `azd deploy` pushes the real image (a public sample; it fails the
// /alive and /health probes, which is expected for the minute or two before the first deploy).
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
  }
}

module identity 'modules/identity.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: identityName
  }
}

module registry 'modules/registry.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'cr${resourceToken}'
    pullIdentityName: identityName
  }
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    artifactsContainerName: artifactsContainerName
    serverIdentityName: identityName
    userPrincipalId: principalId
  }
  dependsOn: [
    identity
  ]
}

module postgres 'modules/postgres.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'psql-${resourceToken}'
    databaseName: databaseName
    // The administrator resource is named by the identity's object ID, which exists only once the identity does.
    #disable-next-line what-if-short-circuiting
    adminPrincipalId: identity.outputs.principalId
    adminPrincipalName: identityName
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'cae-${resourceToken}'
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
  }
  dependsOn: [
    monitoring
  ]
}

module serverImage 'modules/current-image.bicep' = {
  scope: resourceGroup
  params: {
    containerAppName: serviceName
    exists: mlopsServerExists
    placeholderImage: placeholderImage
  }
}

// The two connection strings exactly as the server receives them (the configuration contract in
// docs/deploy.md). Neither carries a secret: the server authenticates with its managed identity.
var mlopsDbConnectionString = 'Host=${postgres.outputs.fullyQualifiedDomainName};Database=${postgres.outputs.databaseName};Username=${identityName};Ssl Mode=Require'
var artifactsConnectionString = storage.outputs.blobEndpoint

module server 'modules/server-app.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: union(tags, {
      'azd-service-name': serviceName
    })
    name: serviceName
    environmentId: containerAppsEnvironment.outputs.id
    workloadProfileName: containerAppsEnvironment.outputs.workloadProfileName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    image: serverImage.outputs.image
    mlopsDbConnectionString: mlopsDbConnectionString
    artifactsConnectionString: artifactsConnectionString
    orleansClusterId: 'mlops-${environmentName}'
    orleansServiceId: 'mlops'
    minReplicas: serverMinReplicas
    maxReplicas: serverMaxReplicas
    concurrentRequestsPerReplica: serverConcurrentRequestsPerReplica
    cpu: serverCpu
    memory: serverMemory
  }
}

@description('Region the resources are in.')
output AZURE_LOCATION string = location

@description('Tenant the resources are in.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group that holds everything.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Registry azd pushes the server image to.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

@description('Name of that registry.')
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name

@description('Container Apps environment the server runs in.')
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = containerAppsEnvironment.outputs.id

@description('Name of that environment.')
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name

@description('Default domain of that environment.')
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = containerAppsEnvironment.outputs.defaultDomain

@description('Client ID of the server managed identity (the app receives it as AZURE_CLIENT_ID).')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the server managed identity, which is also its PostgreSQL role.')
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name

@description('Name of the mlops-server Container App.')
output SERVICE_MLOPS_SERVER_NAME string = server.outputs.name

@description('Public URI of the mlops-server Container App.')
output SERVICE_MLOPS_SERVER_URI string = server.outputs.uri

@description('PostgreSQL server host name.')
output POSTGRES_HOST string = postgres.outputs.fullyQualifiedDomainName

@description('PostgreSQL database name.')
output POSTGRES_DATABASE string = postgres.outputs.databaseName

@description('Storage account holding artifacts.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob container holding artifacts.')
output ARTIFACTS_CONTAINER_NAME string = storage.outputs.artifactsContainerName

@description('ConnectionStrings__mlops-db exactly as the server receives it.')
output MLOPS_DB_CONNECTION_STRING string = mlopsDbConnectionString

@description('ConnectionStrings__artifacts exactly as the server receives it.')
output ARTIFACTS_CONNECTION_STRING string = artifactsConnectionString
