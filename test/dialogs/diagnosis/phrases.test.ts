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

/** Release 2026.12.16.2: what four more blind sets (forum replies, markdown posts, rented servers, questions) showed unread. */
describe('fact phrases of 2026.12.16.2', () => {
  it.each([
    ['checked fw and av, both ok', 'firewall-blocking', 'no'],
    ['svchost is listening, just not on 3389', 'port-changed', 'yes'],
    ['netstat shows svchost listening on some weird high port and nothing on 3389', 'port-changed', 'yes'],
    ["used the 'change RDP port' button in my provider's panel", 'port-changed', 'yes'],
    ['their tech said nothing stays on the default any more', 'port-changed', 'yes'],
    ['I never even get asked for a password', 'credential-prompt', 'no'],
    ["we're not asked for credentials at all", 'credential-prompt', 'no'],
    ['turned windows firewall off on it for 30 sec as a test and it connected right away', 'firewall-blocking', 'yes'],
    ['Windows on the desktop now calls the network "Public network"', 'firewall-blocking', 'yes'],
    ["Windows now calls the network 'Network 2' instead of 'Network'", 'firewall-blocking', 'yes'],
    ['I went into the Windows firewall settings and locked it down as tight as it goes', 'firewall-blocking', 'yes'],
    ['the box to block all incoming connections is ticked on the domain profile', 'firewall-blocking', 'yes'],
    ['Windows Firewall looks stock', 'firewall-blocking', 'no'],
    ['nsg has 3389 open from my ip', 'nsg-allows-rdp', 'yes'],
    ['rdp to my vm times out', 'port-reachable', 'no'],
    ['ran a debloat script to turn off useless services', 'rds-service-stopped', 'yes'],
    ["I can't even ping it", 'host-pings', 'no'],
    ['the screen is black until I move the mouse, then it wakes up and RDP works again', 'host-may-be-asleep', 'yes'],
    ['my office desktop seems to nod off in the afternoons', 'host-may-be-asleep', 'yes'],
    // What a question takes as given: a relative clause, and what a why-question asks the reason for.
    ["Is there a way to RDP into a PC that's asleep?", 'host-may-be-asleep', 'yes'],
    ['Why does RDP stop working after the PC goes to sleep?', 'host-may-be-asleep', 'yes'],
    ['How do you remote desktop into a PC that signs in with a work email?', 'entra-joined', 'yes'],
    ['How do I RDP to a Windows 11 Home PC?', 'home-edition', 'yes'],
    ['Is there any way back into an Azure VM when RDP is broken inside Windows?', 'is-azure-vm', 'yes'],
    ['why does RDP only work when I turn off the firewall?', 'firewall-blocking', 'yes'],
    ["it's listening, but not on 3389", 'port-changed', 'yes'],
    ["we've never been asked for credentials", 'credential-prompt', 'no'],
    // Two more sets of the same session: people who asked an AI first, and old estates.
    ["on her laptop there's no switch, just a line saying it isn't supported on her version of Windows", 'home-edition', 'yes'],
    ['the pid for TermService is listening on some 5 digit port', 'port-changed', 'yes'],
    ['we switched the server from defender to kaspersky on friday', 'has-third-party-antivirus', 'yes'],
    ['was fine till the pc got moved onto the new office wifi on monday', 'firewall-blocking', 'yes'],
    ['swapped the nic yesterday. network icon says unidentified network', 'firewall-blocking', 'yes'],
    // Still the person's own upgrade.
    ['office laptop did a big windows 11 update over the weekend (24h2)', 'recent-windows-upgrade', 'yes'],
  ])('"%s" → %s = %s', (text, questionId, value) => {
    expect(factsOf(text)[questionId]).toBe(value);
  });

  it.each([
    ["it mostly won't connect at all, and when it does it gets cut off", 'session-freezes'],
    ['nsg has 3389 open from my ip', 'port-reachable'],
    ["Obviously don't want to leave the firewall off", 'firewall-blocking'],
    // Questions that ask, not take as given.
    ['is the firewall blocking it?', 'firewall-blocking'],
    ['is it possible that the firewall is blocking it?', 'firewall-blocking'],
    ['why would the firewall block it?', 'firewall-blocking'],
    ['how do I check whether the PC is asleep?', 'host-may-be-asleep'],
    // The review of 2026.12.16.2: near-misses of this release's wording.
    ["why doesn't the PC answer ping?", 'host-pings'],
    ["why don't I get asked for a password?", 'credential-prompt'],
    ['Does that mean the firewall is blocking it?', 'firewall-blocking'],
    ['is it likely that sleep mode is the cause?', 'host-may-be-asleep'],
    ['why do you think the PC is asleep?', 'host-may-be-asleep'],
    ['why do guides say to change the port from 3389?', 'port-changed'],
    ['When I connect, the screen is black until I move the mouse', 'host-may-be-asleep'],
    ['What happens if I RDP to a PC that is hibernating?', 'host-may-be-asleep'],
    ['How do I tell which firewall is blocking it?', 'firewall-blocking'],
    ['the checkbox "Block all incoming connections" is not ticked', 'firewall-blocking'],
    ['inbound blocked on every profile except the allowed rules, which is the default', 'firewall-blocking'],
    ['RDP to my server times out after an hour idle', 'port-reachable'],
    ["I don't get asked for credentials since they're saved in Credential Manager", 'credential-prompt'],
    ['Turned off the firewall for 10 minutes to test and it worked no better', 'firewall-blocking'],
    ["nsg has rdp allowed only from the office IP and I'm working from home", 'nsg-allows-rdp'],
    ['It works, just not on 3389 from the internet', 'port-changed'],
    ['I nodded off waiting for it to connect', 'host-may-be-asleep'],
    ['So I switched on remote desktop in the sharing settings on my Linux Mint laptop', 'remote-desktop-on'],
  ])('"%s" says nothing about %s', (text, questionId) => {
    expect(factsOf(text)[questionId]).toBeUndefined();
  });

  it('reads errors and hand-offs that four more sets showed unread, and not an AI\'s suggestion the person did not take', () => {
    const u = (text: string) => lm.understand(text);
    expect(u("since the updates on tuesday my pc wont get on the accounts server. 'an authentication error has occured' and then something about credssp").errorIds).toEqual(['credssp-encryption-oracle']);
    expect(u('bumping this, still getting the credssp error after patch tuesday').errorIds).toEqual(['credssp-encryption-oracle']);
    expect(u("The fans spin up really loud, there's an amber light on the front and nothing at all on the monitor.").errorIds).toContain('host-hardware-symptom');
    expect(u('Since the BIOS update it won\'t start: fans go full blast, no beeps.').errorIds).toContain('host-hardware-symptom');
    expect(u('old cisco vpn client on my win7 laptop broke after the updates, error 442 failed to enable virtual adapter').topic.outOfScope).not.toEqual([]);
    expect(u('how do i get the company vpn back? it vanished after an update last night').topic.outOfScope).not.toEqual([]);
    expect(u('win10 home + rdp wrapper. after windows update rdpconf says not listening, 0x204').topic.outOfScope).not.toEqual([]);
    expect(u('Gemini suggested some RDP Wrapper thing from GitHub. I am not putting random hacks on her laptop.').topic.outOfScope).toEqual([]);
    expect(u("When I print from the stock program on the terminal server my label printer doesn't show up. Logging in is fine, it's only the printing.").topic.insideSession).toBe(true);
    expect(u('Its next step was renaming some MachineKeys folder on the server, which sounded risky, so I stopped there.').triedFixes).toEqual([]);
  });

  it('counts turning Remote Desktop on as already tried only when it was done, on the computer connected to', () => {
    const tried = (text: string) => lm.understand(text).triedFixes;
    for (const text of ['I enabled RDP in settings, no change', 'tried enabling remote desktop, same error', "we've turned on remote desktop already"]) {
      expect(tried(text), text).toEqual(['enable-remote-desktop']);
    }
    for (const text of [
      'I tried to turn on remote desktop but the option is greyed out',
      'make sure you enable RDP',
      "I haven't enabled RDP yet",
      'OP already enabled RDP and it did not help him',
      'So I switched on remote desktop in the sharing settings on my Linux Mint laptop',
    ]) {
      expect(tried(text), text).toEqual([]);
    }
  });
});
