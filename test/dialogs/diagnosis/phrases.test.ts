import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildLanguageModel } from '../../../dialogs/diagnosis/language/languageModel.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';

let knowledge: Knowledge;
let lm: ReturnType<typeof buildLanguageModel>;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  lm = buildLanguageModel(knowledge);
});

function factsOf(text: string): Record<string, string> {
  return Object.fromEntries(lm.understand(text).facts.map((f) => [f.questionId, f.value]));
}

/** The phrase findings of the December audit (research/kb-audit.md, section 3), one row each. */
describe('fact phrases read as a support engineer would', () => {
  it.each([
    ["can't connect to the azure box", 'is-azure-vm', 'yes'],
    ['cannot connect to azure vm', 'is-azure-vm', 'yes'],
    ["can't rdp into azure vm", 'is-azure-vm', 'yes'],
    ['cannot reach the azure vm', 'is-azure-vm', 'yes'],
    ["can't connect via VPN", 'uses-vpn', 'yes'],
    ["it doesn't work over vpn", 'uses-vpn', 'yes'],
    ['works at the office but not at home over the vpn', 'uses-vpn', 'yes'],
    ["rdp doesn't work since the windows 11 upgrade", 'recent-windows-upgrade', 'yes'],
    ["can't connect to windows 11 home", 'home-edition', 'yes'],
    ['we use Azure AD accounts', 'is-azure-vm', 'no'],
    ['server is Azure Arc enabled, in our datacenter', 'is-azure-vm', 'no'],
    ['TcpTestSucceeded: False', 'port-reachable', 'no'],
    ['it works for everyone except me', 'other-clients-work', 'yes'],
    ['everyone gets in except me', 'other-clients-work', 'yes'],
    ['my colleague can connect', 'other-clients-work', 'yes'],
    ['After I enter my password it disconnects immediately', 'credential-prompt', 'yes'],
    ['I disabled NLA', 'nla-required', 'no'],
    ['we only use Microsoft Defender Antivirus', 'has-third-party-antivirus', 'no'],
    ['not on the vpn', 'uses-vpn', 'no'],
    ["i don't use a vpn", 'uses-vpn', 'no'],
  ])('"%s" → %s = %s', (text, questionId, value) => {
    expect(factsOf(text)[questionId]).toBe(value);
  });

  it.each([
    ['my laptop is Windows 11 Home and I connect to the office PC', 'home-edition'],
    ['ping works', 'port-reachable'],
    ['it is reachable by ping but not on 3389', 'port-reachable'],
    ['we have CrowdStrike on all machines', 'has-third-party-antivirus'],
    ['after patch tuesday', 'recent-windows-upgrade'],
    ['is the vpn needed?', 'uses-vpn'],
    ['RDCMan .rdg file', 'uses-rd-gateway'],
    ['the firewall is turned off', 'host-may-be-asleep'],
  ])('"%s" says nothing about %s', (text, questionId) => {
    expect(factsOf(text)[questionId]).toBeUndefined();
  });
});

describe('dialog texts are matched only where they mean the error', () => {
  it.each([
    'my session times out after 10 minutes idle',
    'I get logged out after some time',
    'black screen, nothing on the screen after login',
    'blue screen background',
    'I read about credssp',
    "I can't connect to my Azure virtual machine with Remote Desktop",
  ])('"%s" reports no error entry', (text) => {
    expect(buildLanguageModel(knowledge).understand(text).errorIds).toEqual([]);
  });
});

/** The second review (docs/knowledge-review.md, "Second review"): sentences the first phrases misread. */
describe('fact phrases of the second review', () => {
  it.each([
    ['my home laptop is windows 11 home and I connect to my office pc', 'home-edition'],
    ['I connect from my Windows 11 Home laptop to the office', 'home-edition'],
    ['my colleague is busy so I tried myself', 'someone-signed-in'],
    ['after logging in to the vpn, rdp fails', 'credential-prompt'],
    ['the server was upgraded last week', 'recent-windows-upgrade'],
    ['the firewall was upgraded', 'recent-windows-upgrade'],
    ['it works only from my pc, not from the laptop', 'other-clients-work'],
    ['the print spooler service is stopped', 'rds-service-stopped'],
    ['sleep is set to disabled', 'rds-service-stopped'],
    ['I work on it in the evening', 'host-may-be-asleep'],
  ])('"%s" says nothing about %s', (text, questionId) => {
    expect(factsOf(text)[questionId]).toBeUndefined();
  });

  it.each([
    ["I can't remote into my Windows 11 Home PC", 'home-edition', 'yes'],
    ['the remote desktop service is currently busy', 'someone-signed-in', 'yes'],
    ['with the vpn off it works', 'uses-vpn', 'no'],
    ['it fails only from my laptop', 'other-clients-work', 'yes'],
    ['my laptop was upgraded to windows 11 24h2', 'recent-windows-upgrade', 'yes'],
    ['it never connects in the evening', 'host-may-be-asleep', 'yes'],
    ['the remote desktop services service is stopped', 'rds-service-stopped', 'yes'],
  ])('"%s" → %s = %s', (text, questionId, value) => {
    expect(factsOf(text)[questionId]).toBe(value);
  });
});
