// The bot's one store: a Blob container (with a lifecycle policy for retention) or a Cosmos DB container
// (with a default TTL), each reachable only through Entra ID by the bot's managed identity.

param location string
param isBlob bool
param storageAccountName string
param cosmosAccountName string
param containerName string
param principalId string
param stateChannels array
param stateTtlDays int
param transcriptTtlDays int
param outcomeRetentionDays int

// Built-in role ids (stable across tenants).
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'

// botbuilder-azure-blobs names blobs with encodeURIComponent(key): 'msteams/conversations/x/' becomes
// 'msteams%2Fconversations%2Fx', so the rules match on the encoded prefixes (checked against Azurite).
func deleteAfter(rule string, days int, prefixes array) object => {
  enabled: true
  name: rule
  type: 'Lifecycle'
  definition: {
    actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: days } } }
    filters: { blobTypes: ['blockBlob'], prefixMatch: prefixes }
  }
}
var lifecycleRules = [
  deleteAfter('conversation-state', stateTtlDays, flatten(map(stateChannels, c => ['${containerName}/${c}%2Fconversations%2F', '${containerName}/${c}%2Fusers%2F'])))
  deleteAfter('handoff-cases', transcriptTtlDays, ['${containerName}/handoff%2Fcases%2F'])
  deleteAfter('learning-outcomes', outcomeRetentionDays, ['${containerName}/learning%2Foutcomes%2F'])
  // Rate-limit buckets and agent sign-in failure counts matter for minutes; a day is plenty.
  deleteAfter('rate-limits', 1, ['${containerName}/limits%2F'])
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = if (isBlob) {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowBlobPublicAccess: false
    // Entra ID only: no account keys, no connection strings to leak.
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = if (isBlob) {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = if (isBlob) {
  parent: blobService
  name: containerName
  properties: { publicAccess: 'None' }
}

resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (isBlob) {
  parent: account
  name: 'default'
  properties: { policy: { rules: lifecycleRules } }
}

resource blobAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (isBlob) {
  name: guid(storageAccountName, principalId, blobDataContributor)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = if (!isBlob) {
  name: cosmosAccountName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: [{ name: 'EnableServerless' }]
    // Entra ID only; the identity cannot create databases or containers, so they are created here.
    disableLocalAuth: true
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = if (!isBlob) {
  parent: cosmos
  name: 'rdp-assistant'
  properties: { resource: { id: 'rdp-assistant' } }
}

resource stateContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = if (!isBlob) {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: { paths: ['/id'], kind: 'Hash' }
      // Every item expires stateTtlDays after its last write; see README for what that means for learning data.
      defaultTtl: stateTtlDays * 86400
    }
  }
}

resource cosmosAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = if (!isBlob) {
  parent: cosmos
  name: guid(cosmosAccountName, principalId, cosmosDataContributor)
  properties: {
    principalId: principalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    scope: cosmos.id
  }
}

output cosmosEndpoint string = isBlob ? '' : cosmos!.properties.documentEndpoint
