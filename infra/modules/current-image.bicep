@description('Name of the Container App whose image to read.')
param containerAppName string

@description('Whether that app exists (azd sets SERVICE_<NAME>_RESOURCE_EXISTS before provisioning).')
param exists bool

@description('Image to report when the app does not exist yet.')
param placeholderImage string

// A separate module so that reading the app is not a dependency cycle with the module that writes it.
resource app 'Microsoft.App/containerApps@2026-07-01' existing = if (exists) {
  name: containerAppName
}

@description('Image the app runs now, so that re-provisioning keeps what azd deployed; the placeholder on the first run.')
output image string = exists ? app!.properties.template.containers[0].image : placeholderImage
