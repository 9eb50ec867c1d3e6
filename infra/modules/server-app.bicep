import { tagSet } from 'types.bicep'

@description('Azure region of the app.')
param location string

@description('Tags for the app; azd-service-name tells azd which service deploys here.')
param tags tagSet

@description('Name of the Container App.')
param name string

@description('Resource ID of the Container Apps environment.')
param environmentId string

@description('Workload profile the app runs on.')
param workloadProfileName string

@description('Resource ID of the user-assigned identity the app runs as and pulls images with.')
param identityId string

@description('Client ID of that identity, given to the app as AZURE_CLIENT_ID for DefaultAzureCredential.')
param identityClientId string

@description('Login server of the registry azd pushes the server image to.')
param registryLoginServer string

@description('Container image to run.')
param image string

@description('Value of ConnectionStrings__mlops-db (Npgsql, passwordless).')
param mlopsDbConnectionString string

@description('Value of ConnectionStrings__artifacts (the blob endpoint URI).')
param artifactsConnectionString string

@description('Orleans cluster ID; every revision joins the same cluster.')
param orleansClusterId string

@description('Orleans service ID; stable for the life of the stored grain state and reminders.')
param orleansServiceId string

@description('Fewest replicas (silos) kept running.')
@minValue(1)
param minReplicas int

@description('Most replicas (silos) the HTTP rule may scale out to.')
param maxReplicas int

@description('Concurrent HTTP requests per replica above which a replica is added.')
@minValue(1)
param concurrentRequestsPerReplica int

@description('vCPU per replica, e.g. 0.5; a valid Consumption pair with memory.')
param cpu string

@description('Memory per replica, e.g. 1Gi.')
param memory string

var httpPort = 8080
var siloPort = 11111
var gatewayPort = 30000

resource app 'Microsoft.App/containerApps@2026-07-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      // One revision at a time: a deployment starts new silos, which join the running cluster, then
      // the old revision is stopped (see docs/deploy.md).
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: httpPort
        transport: 'auto'
        allowInsecure: false
        // Orleans silo-to-silo and client-to-gateway TCP, reachable only inside the environment.
        additionalPortMappings: [
          {
            external: false
            targetPort: siloPort
            exposedPort: siloPort
          }
          {
            external: false
            targetPort: gatewayPort
            exposedPort: gatewayPort
          }
        ]
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      // Time for a silo to leave the membership table and hand off its grains before it is killed.
      terminationGracePeriodSeconds: 60
      containers: [
        {
          name: 'mlops-server'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              name: 'ConnectionStrings__mlops-db'
              value: mlopsDbConnectionString
            }
            {
              name: 'ConnectionStrings__artifacts'
              value: artifactsConnectionString
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'Orleans__ClusterId'
              value: orleansClusterId
            }
            {
              name: 'Orleans__ServiceId'
              value: orleansServiceId
            }
            {
              name: 'Orleans__Endpoints__SiloPort'
              value: string(siloPort)
            }
            {
              name: 'Orleans__Endpoints__GatewayPort'
              value: string(gatewayPort)
            }
            {
              name: 'ASPNETCORE_HTTP_PORTS'
              value: string(httpPort)
            }
            {
              name: 'OTEL_SERVICE_NAME'
              value: 'mlops-server'
            }
          ]
          probes: [
            {
              // A silo answers HTTP only after it has joined the cluster, so allow ~2 minutes. Container
              // Apps caps failureThreshold at 10 and initialDelaySeconds at 60: patience comes from the period.
              type: 'Startup'
              httpGet: {
                path: '/alive'
                port: httpPort
              }
              initialDelaySeconds: 10
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/alive'
                port: httpPort
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: httpPort
              }
              periodSeconds: 10
              timeoutSeconds: 5
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequestsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

@description('Name of the app.')
output name string = app.name

@description('Public HTTPS URI of the app.')
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
