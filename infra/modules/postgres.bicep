import { tagSet } from 'types.bicep'

@description('Azure region of the server.')
param location string

@description('Tags for the server.')
param tags tagSet

@description('Name of the PostgreSQL flexible server (globally unique).')
param name string

@description('Name of the application database.')
param databaseName string

@description('Object (principal) ID of the managed identity made Entra administrator.')
param adminPrincipalId string

@description('Name of that managed identity; it is the role name the server logs in with.')
param adminPrincipalName string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    // Entra ID only: there is no password to store or rotate.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The server's identity is the Entra administrator, so it can log in, run migrations and own the tables
// with no role to create by hand (a PostgreSQL role for a managed identity cannot be made from ARM).
// Child operations on a flexible server conflict when they overlap, hence the dependsOn chain below.
resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2025-08-01' = {
  parent: server
  name: adminPrincipalId
  properties: {
    principalName: adminPrincipalName
    principalType: 'ServicePrincipal'
    tenantId: tenant().tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    admin
  ]
}

// 0.0.0.0-0.0.0.0 is Azure's convention for "allow connections from Azure services", which is where
// Container Apps' outbound addresses come from without a virtual network.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

@description('Name of the server.')
output name string = server.name

@description('Fully qualified domain name of the server, e.g. <name>.postgres.database.azure.com.')
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName

@description('Name of the application database.')
output databaseName string = database.name
