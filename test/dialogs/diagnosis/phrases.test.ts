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

/** The review of 2026.12.16's phrases: near-misses that must stay unread, and what the narrowed phrases still read. */
describe('fact phrases of the 2026.12.16 review', () => {
  it.each([
    // A network reset, a new switch or Windows' network prompt on the person's own computer is not the remote one's.
    ['I did a network reset on my laptop, still cannot remote desktop to the office pc', 'firewall-blocking'],
    ['my laptop was plugged into the new switch at my desk', 'firewall-blocking'],
    ['the IT guy asked me something about a public network', 'firewall-blocking'],
    // "Unchanged" is not "allows Remote Desktop from my address".
    ['the nsg was unchanged until yesterday when Bob removed the rule', 'nsg-allows-rdp'],
    ['NSG unchanged, but my ISP gave me a new IP', 'nsg-allows-rdp'],
    // Typing by hand that fails too, and passwords other programs keep.
    ['even if I type the password in by hand it gets in a loop asking again', 'password-changed'],
    ['chrome remembers my password for the portal', 'password-changed'],
    ['I finally remembered my password and it still fails', 'password-changed'],
    // The computer people connect from, and accounts that are not an e-mail sign-in.
    ['I log into my laptop with my work email and then RDP to my desk PC', 'entra-joined'],
    ['I log into the server with my staff account', 'entra-joined'],
    ['we have no on-prem AD, just local accounts on each pc', 'entra-joined'],
    ['From our domain-joined helpdesk PCs, mstsc to LAPTOP-4471 fails', 'entra-joined'],
    // Restores of other things than the remote computer.
    ['we restored the database back from a backup and now cannot rdp to the sql server', 'host-restored'],
    ['I put the old rdp file back from a backup', 'host-restored'],
    // Plans are not changes made.
    ["we're thinking of replacing Defender with Sophos", 'has-third-party-antivirus'],
    ['IT is planning to move rdp off the default port next week', 'port-changed'],
  ])('"%s" says nothing about %s', (text, questionId) => {
    expect(factsOf(text)[questionId]).toBeUndefined();
  });

  it.each([
    ['My desktop had wifi trouble so I did the Network reset thing in its settings', 'firewall-blocking', 'yes'],
    ['since the office pc got plugged into the new switch it asked something about a public network', 'firewall-blocking', 'yes'],
    ['we swapped out Defender for Bitdefender on the jump servers', 'has-third-party-antivirus', 'yes'],
    ['Defender was replaced by Sophos across the estate', 'has-third-party-antivirus', 'yes'],
    ['rolled SRV01 back to yesterday\'s snapshot', 'host-restored', 'yes'],
    ['We rolled our file server back to a snapshot from last month', 'host-restored', 'yes'],
    ['the local admin account on SRV01 still logs in fine', 'local-account-works', 'yes'],
    ['I type the password in by hand and it goes straight in', 'password-changed', 'yes'],
    ['it always remembered my password before', 'password-changed', 'yes'],
    ['ip flow verify on tcp 3389 inbound from my ip says access allowed', 'nsg-allows-rdp', 'yes'],
    ['the RDP cert on both boxes is valid until 2027', 'certificate-expired', 'no'],
    ['the cert was only valid until last week', 'certificate-expired', 'yes'],
    ['Dev VMs get the AADLoginForWindows extension through Terraform', 'entra-joined', 'yes'],
    ['My workstation signs in with our M365 work accounts', 'entra-joined', 'yes'],
    ['I log into the laptop with my council email address', 'entra-joined', 'yes'],
    ['boot diag screenshot shows the normal login screen', 'host-may-be-asleep', 'no'],
    ['netstat on the box shows svchost listening on 33089', 'port-changed', 'yes'],
    ['an nmap scan shows something new listening on 33891', 'port-changed', 'yes'],
    ['our IT volunteer moved the remote desktop on the server off the normal number', 'port-changed', 'yes'],
    ['the remote desktop services thing in the list of services says stopped', 'rds-service-stopped', 'yes'],
    ['rdp to the 2016 server drops every min or so', 'session-freezes', 'yes'],
  ])('"%s" → %s = %s', (text, questionId, value) => {
    expect(factsOf(text)[questionId]).toBe(value);
  });
});

/** Release 2026.12.16.1: what three more blind sets showed unread, and what must stay unread beside it. */
describe('fact phrases of 2026.12.16.1', () => {
  it.each([
    ['Nobody ever gets a password prompt, it just times out', 'credential-prompt', 'no'],
    ['EDIT 2: Test-NetConnection to port 3389 says failed', 'port-reachable', 'no'],
    ["the network on that PC now shows as 'Public network' instead of private", 'firewall-blocking', 'yes'],
    ['the windows firewall rules for remote desktop are all ticked', 'firewall-blocking', 'no'],
    ['the network rule still allows 3389 from my ip', 'nsg-allows-rdp', 'yes'],
    ["my coworker says it's on and sat at the lock screen", 'host-may-be-asleep', 'no'],
    ["Remote Desktop only works if I've used the PC recently", 'host-may-be-asleep', 'yes'],
    ['my PC did a big update overnight', 'recent-windows-upgrade', 'yes'],
    ["If I type ACCOUNTS2's IP address from the router page (192.168.1.23) it connects perfectly", 'works-by-ip', 'yes'],
    ['you sign in to them with your work email', 'entra-joined', 'yes'],
    ['Our laptops are set up through Microsoft 365 Business Premium', 'entra-joined', 'yes'],
    ['Under System > Remote Desktop the toggle is off and greyed out', 'remote-desktop-on', 'no'],
    // A report told as a thought to pass on is still a report; a restore of the computer the person cannot reach is one.
    ["I thought I'd mention the firewall was reset yesterday", 'firewall-blocking', 'yes'],
    ["I restored my laptop from a backup image and now I can't RDP into it from home", 'host-restored', 'yes'],
  ])('"%s" → %s = %s', (text, questionId, value) => {
    expect(factsOf(text)[questionId]).toBe(value);
  });

  it.each([
    // The person's own computer restored, a belief taken back, the 0x204 dialog's reasons retold.
    ['Since I restored my laptop from a backup image last week only my laptop gets the licensing error', 'host-restored'],
    ['I first thought the PC was switched off but it is not', 'host-may-be-asleep'],
    ['rdp says remote access to the server is not enabled, or the computer is turned off, or not on the network', 'host-may-be-asleep'],
    // The review of 2026.12.16.1: near-misses of this release's phrases.
    ['winver says 23H2, it has been on that for a year', 'recent-windows-upgrade'],
    ['It got a big update back in March but this only started today', 'recent-windows-upgrade'],
    ['When I use the old IP address it connects to the wrong PC', 'works-by-ip'],
    ['RDP only works when I used my work laptop', 'host-may-be-asleep'],
    ["I'm sat at the login screen on my laptop waiting", 'host-may-be-asleep'],
    ['the network rule still allows 3389 from our old office IP, not my home one', 'nsg-allows-rdp'],
    ['Nobody ever got a password prompt before the update because creds were saved', 'credential-prompt'],
    ['the Windows App says sign in with your work email to subscribe', 'entra-joined'],
    ["We're set up through M365 Business Premium for email, the PCs are on our own domain", 'entra-joined'],
    ['Under Remote Desktop the toggle is off for keep my PC awake', 'remote-desktop-on'],
  ])('"%s" says nothing about %s', (text, questionId) => {
    expect(factsOf(text)[questionId]).toBeUndefined();
  });
});
