import { tagSet } from 'types.bicep'

@description('Azure region of the identity.')
param location string

@description('Tags for the identity.')
param tags tagSet

@description('Name of the user-assigned identity; it is also the PostgreSQL role name the server logs in with.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity, given to the app as AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, used for role assignments.')
output principalId string = identity.properties.principalId
