import { tagSet } from 'types.bicep'

@description('Azure region of the registry.')
param location string

@description('Tags for the registry.')
param tags tagSet

@description('Name of the container registry (alphanumeric, globally unique).')
param name string

@description('Name of the user-assigned identity the Container App pulls images with.')
param pullIdentityName string

// Built-in role "AcrPull".
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource pullIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: pullIdentityName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    // azd pushes with the signed-in user's Entra token and the app pulls with its identity: no admin password.
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
    // Registry-wide RBAC, where AcrPull (and the deploying user's Owner/Contributor) grant access. The
    // ABAC repository mode, announced as the future default, ignores AcrPull.
    roleAssignmentMode: 'LegacyRegistryPermissions'
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullIdentity.id, acrPullRoleId)
  scope: registry
  properties: {
    principalId: pullIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
  }
}

@description('Name of the registry.')
output name string = registry.name

@description('Login server of the registry (<name>.azurecr.io), where azd pushes the image.')
output loginServer string = registry.properties.loginServer
