// RDP Troubleshooting Assistant on Azure: App Service (Linux container, N instances), Azure Bot (Teams and
// Direct Line), Blob Storage or Cosmos DB reached with a user-assigned managed identity (no secrets), and
// Application Insights. See README "Deploy to Azure". Written for this repository; NOT deployed from here.

@description('Short lowercase name every resource name is derived from.')
@minLength(3)
@maxLength(12)
param name string

param location string = resourceGroup().location

@description('Bot image built from the Dockerfile, e.g. contoso.azurecr.io/rdp-assistant:0.1.0.')
param image string

@description('Pull the image from Azure Container Registry with the managed identity (grant it AcrPull on the registry).')
param pullWithManagedIdentity bool = true

@description('App Service instances; state is shared through the store, so any number works.')
@minValue(1)
param instanceCount int = 2

param appServiceSku string = 'P0v3'

@allowed(['blob', 'cosmos'])
param storageKind string = 'blob'

@description('Conversation and user state untouched this many days is deleted (Blob lifecycle policy / Cosmos TTL).')
param stateTtlDays int = 30

@description('Hand-off cases (they hold transcripts) are deleted this many days after their last change.')
param transcriptTtlDays int = 30

@description('Verified-outcome records (ids only) are deleted after this many days; the aggregate is kept.')
param outcomeRetentionDays int = 365

@secure()
@description('Agent desk logins: comma-separated name:token pairs, tokens of 16+ characters. Empty keeps the desk locked.')
param agentTokens string = ''

@description('Proxies whose X-Forwarded-For is believed: the private ranges App Service front ends reach the container from.')
param trustedProxies string = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16'

var suffix = uniqueString(resourceGroup().id)
var siteName = '${name}-${suffix}'
var containerName = 'bot-state'
var storageAccountName = take('${name}${suffix}', 24)
var cosmosAccountName = '${name}-${suffix}'
var isBlob = storageKind == 'blob'
var stateChannels = ['msteams', 'webchat', 'directline']

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-identity'
  location: location
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${name}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: workspace.id }
}

module store 'store.bicep' = {
  name: 'store'
  params: {
    location: location
    isBlob: isBlob
    storageAccountName: storageAccountName
    cosmosAccountName: cosmosAccountName
    containerName: containerName
    principalId: identity.properties.principalId
    stateChannels: stateChannels
    stateTtlDays: stateTtlDays
    transcriptTtlDays: transcriptTtlDays
    outcomeRetentionDays: outcomeRetentionDays
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Remote Desktop assistant'
    // The host name is computed, not read from the site, so the site can take the Direct Line key from the bot.
    endpoint: 'https://${siteName}.azurewebsites.net/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenant().tenantId
    developerAppInsightKey: insights.properties.InstrumentationKey
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [{ siteName: 'support-portal', isEnabled: true, isV1Enabled: false, isV3Enabled: true, isSecureSiteEnabled: false, isBlockUserUploadEnabled: true }]
    }
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  kind: 'app,linux,container'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Every instance can serve every conversation: no session affinity needed.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      acrUseManagedIdentityCreds: pullWithManagedIdentity
      acrUserManagedIdentityID: pullWithManagedIdentity ? identity.properties.clientId : null
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'NODE_ENV', value: 'production' }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'STORAGE', value: storageKind }
        { name: 'BLOB_ACCOUNT_URL', value: isBlob ? 'https://${storageAccountName}.blob.${environment().suffixes.storage}' : '' }
        { name: 'BLOB_CONTAINER', value: containerName }
        { name: 'COSMOS_ENDPOINT', value: isBlob ? '' : store.outputs.cosmosEndpoint }
        { name: 'COSMOS_DATABASE', value: 'rdp-assistant' }
        { name: 'COSMOS_CONTAINER', value: containerName }
        { name: 'DIRECT_LINE_SECRET', value: directLine.listChannelWithKeys().setting.sites[0].key }
        { name: 'AGENT_TOKENS', value: agentTokens }
        { name: 'TRUSTED_PROXIES', value: trustedProxies }
        { name: 'STATE_TTL_DAYS', value: string(stateTtlDays) }
        { name: 'TRANSCRIPT_TTL_DAYS', value: string(transcriptTtlDays) }
      ]
    }
  }
}

// The bot logs JSON lines to stdout (pino); App Service ships them, HTTP logs and platform events to the workspace.
resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// /healthz from three regions every 5 minutes: 503 while the store is unreachable raises an availability alert.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${name}-healthz'
  location: location
  tags: { 'hidden-link:${insights.id}': 'Resource' }
  properties: {
    SyntheticMonitorId: '${name}-healthz'
    Name: 'RDP assistant /healthz'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [{ Id: 'emea-nl-ams-azr' }, { Id: 'us-va-ash-azr' }, { Id: 'apac-sg-sin-azr' }]
    Request: { RequestUrl: 'https://${site.properties.defaultHostName}/healthz', HttpVerb: 'GET' }
    ValidationRules: { ExpectedHttpStatusCode: 200, SSLCheck: true, SSLCertRemainingLifetimeCheck: 7 }
  }
}

output botEndpoint string = bot.properties.endpoint
output siteUrl string = 'https://${site.properties.defaultHostName}'
output botAppId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
