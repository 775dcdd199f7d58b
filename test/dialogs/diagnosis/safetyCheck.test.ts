import { describe, expect, it } from 'vitest';
import { compileKnowledge, type KnowledgeFile } from '../../../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { knowledgeFiles, positionOf, problemsOf, textOf, withFile } from '../../helpers/knowledgeFiles.ts';

const CERT_FIX = 'fixes/renew-rdp-certificate.yaml';
const REMOVE = "code: \"Remove-Item 'Cert:\\\\LocalMachine\\\\Remote Desktop\\\\<thumbprint>'\"";

/** The tiny fixture with the certificate fix's first command replaced. */
async function withCertCommand(shell: string, code: string): Promise<{ files: KnowledgeFile[]; at: (needle: string) => string }> {
  const files = withFile(await knowledgeFiles(), CERT_FIX, (t) => t.replace(`{ shell: powershell, ${REMOVE} }`, `{ shell: ${shell}, code: ${JSON.stringify(code)} }`));
  const text = textOf(files, CERT_FIX);
  return { files, at: (needle) => { const p = positionOf(text, needle); return `${CERT_FIX}:${p.line}:${p.column}`; } };
}

describe('safety checks', () => {
  it('asks every cause for a Microsoft Learn source or an estimate: note', async () => {
    const files = withFile(await knowledgeFiles(), 'causes/unstable-vpn.yaml', (t) => t.replace(/sources: \[.*\]/, 'sources: [https://example.com/vpn-article]'));
    const { line, column } = positionOf(textOf(files, 'causes/unstable-vpn.yaml'), '[https://example.com');
    expect(problemsOf(files)).toEqual([`causes/unstable-vpn.yaml:${line}:${column} unstable-vpn: no Microsoft Learn source and no estimate: note (cite a learn.microsoft.com page, or say in estimate: what the team judges and why)`]);
    const estimated = withFile(files, 'causes/unstable-vpn.yaml', (t) => `${t}estimate: No Microsoft page covers this; the team judges it from help-desk tickets.\n`);
    expect(compileKnowledge(estimated).problems).toEqual([]);
  });

  it('reports a localized firewall group or group name at the exact place in the command', async () => {
    const { files, at } = await withCertCommand('powershell', 'Enable-NetFirewallRule -DisplayGroup "Remote Desktop"');
    expect(problemsOf(files)).toEqual([
      `${at('-DisplayGroup')} renew-rdp-certificate: uses a localized name ("-DisplayGroup") that exists only on English Windows (use the rule names, e.g. -Name RemoteDesktop-UserMode-In-TCP,RemoteDesktop-UserMode-In-UDP (the same in every language))`,
    ]);
    const group = await withCertCommand('cmd', 'net localgroup "Remote Desktop Users" <user> /add');
    expect(problemsOf(group.files)).toEqual([expect.stringMatching(new RegExp(`^${group.at('net localgroup')} renew-rdp-certificate: uses a localized name .*S-1-5-32-555`))]);
  });

  it('reports a destructive command that runs after a backup without a guard, in cmd and in PowerShell', async () => {
    const cmd = await withCertCommand('cmd', 'reg export "HKLM\\SOFTWARE\\X" x.reg /y & reg delete "HKLM\\SOFTWARE\\X" /f');
    expect(problemsOf(cmd.files)).toEqual([`${cmd.at('reg delete')} renew-rdp-certificate: "reg delete" runs even if the command before it failed (chain it after the backup with &&)`]);
    const ps = await withCertCommand('powershell', 'Export-Certificate -Cert $c -FilePath x.cer; Remove-Item $c');
    expect(problemsOf(ps.files)).toEqual([expect.stringMatching(new RegExp(`^${ps.at('Remove-Item')} renew-rdp-certificate: "Remove-Item" runs even if the command before it failed \\(stop on failure first`))]);
    const guarded = await withCertCommand('powershell', 'Export-Certificate -Cert $c -FilePath x.cer -ErrorAction Stop; Remove-Item $c');
    expect(compileKnowledge(guarded.files).problems).toEqual([]);
    const chained = await withCertCommand('cmd', 'reg export "HKLM\\SOFTWARE\\X" x.reg /y && reg delete "HKLM\\SOFTWARE\\X" /f');
    expect(compileKnowledge(chained.files).problems).toEqual([]);
  });

  it('requires fix effort, and effort that agrees with the steps', async () => {
    const missing = withFile(await knowledgeFiles(), CERT_FIX, (t) => t.replace(/effort: .*\n/, ''));
    expect(problemsOf(missing)).toEqual([`${CERT_FIX}:2:1 renew-rdp-certificate: missing required field "effort" (see the schema named on the first line)`]);
    const wrong = withFile(await knowledgeFiles(), CERT_FIX, (t) => t.replace('effort: { minutes: 10, where: remote-host, admin: true }', 'effort: { minutes: 10, where: client-pc, admin: false }'));
    const text = textOf(wrong, CERT_FIX);
    expect(problemsOf(wrong)).toEqual([
      `${CERT_FIX}:${positionOf(text, 'client-pc').line}:${positionOf(text, 'client-pc').column} renew-rdp-certificate: effort.where "client-pc" is not where any regular step runs (one of: remote-host)`,
      `${CERT_FIX}:${positionOf(text, 'false').line}:${positionOf(text, 'false').column} renew-rdp-certificate: effort.admin is false but every regular step needs an admin (make it match the steps)`,
    ]);
  });
});
