using './main.bicep'

// Example values: copy, adjust, then: az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam
param name = 'rdpassist'
param image = 'contoso.azurecr.io/rdp-assistant:0.1.0'
param instanceCount = 2
param storageKind = 'blob'
param stateTtlDays = 30
param transcriptTtlDays = 30
// Set at deploy time instead of committing it: -p agentTokens='ada:<token>,bob:<token>'
param agentTokens = ''
