import { tagSet } from 'types.bicep'

@description('Azure region of the resources.')
param location string

@description('Tags for every resource in this module.')
param tags tagSet

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the workspace-based Application Insights component.')
param applicationInsightsName string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Name of the Log Analytics workspace.')
output logAnalyticsName string = logAnalytics.name

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name
