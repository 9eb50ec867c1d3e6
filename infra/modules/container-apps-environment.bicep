import { tagSet } from 'types.bicep'

@description('Azure region of the environment.')
param location string

@description('Tags for the environment.')
param tags tagSet

@description('Name of the Container Apps environment.')
param name string

@description('Name of the Log Analytics workspace that receives console and system logs.')
param logAnalyticsName string

@description('Name of the Application Insights component the managed OpenTelemetry agent sends to.')
param applicationInsightsName string

// Consumption profile of a workload-profiles environment: billed per use, no fixed charge.
var workloadProfileName = 'Consumption'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: logAnalyticsName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2026-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
    // The managed OpenTelemetry agent: the platform sets OTEL_EXPORTER_OTLP_ENDPOINT in every app of the
    // environment and forwards what arrives there. Application Insights takes traces and logs; metrics
    // have no Application Insights destination, so the app's metrics stay unexported here.
    appInsightsConfiguration: {
      connectionString: applicationInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: [
      {
        name: workloadProfileName
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: false
  }
}

@description('Resource ID of the environment.')
output id string = environment.id

@description('Name of the environment.')
output name string = environment.name

@description('Default domain of the environment; apps are reachable at <app>.<defaultDomain>.')
output defaultDomain string = environment.properties.defaultDomain

@description('Name of the workload profile apps run on.')
output workloadProfileName string = environment.properties.workloadProfiles[0].name
