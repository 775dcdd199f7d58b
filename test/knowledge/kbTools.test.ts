import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { renderKnowledgeGraph } from '../../dialogs/diagnosis/knowledgeGraph.ts';

function run(script: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kb:check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kb-'));
    await cp('knowledge', dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 on the real knowledge and names its release and counts', async () => {
    const { knowledge, hash } = await loadKnowledge();
    const result = run('bot/cli/kbCheck.ts');
    expect(result.status).toBe(0);
    const counts = `${knowledge.errors.length} errors, ${knowledge.causes.length} causes, ${knowledge.questions.length} questions, ${knowledge.fixes.length} fixes`;
    expect(result.stdout).toContain(`is valid (release ${knowledge.release}, ${counts}, sha256 ${hash.slice(0, 12)})`);
  });

  it('exits 1 on a broken copy and prints file:line:column for each problem', async () => {
    const causeFile = path.join(dir, 'causes', 'unstable-vpn.yaml');
    await writeFile(causeFile, (await readFile(causeFile, 'utf8')).replace('fix: stabilise-vpn-connection', 'fix: nowhere').replace(/prior: [\d.]+/, 'prior: -1'));
    const result = run('bot/cli/kbCheck.ts', [dir]);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/causes\/unstable-vpn.yaml:\d+:8 unstable-vpn: must be > 0$/),
    ]);
    expect(result.stderr).toContain('1 problem');
  });

  it('reports reference problems once the schema passes', async () => {
    const causeFile = path.join(dir, 'causes', 'unstable-vpn.yaml');
    await writeFile(causeFile, (await readFile(causeFile, 'utf8')).replace('fix: stabilise-vpn-connection', 'fix: nowhere'));
    const result = run('bot/cli/kbCheck.ts', [dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/causes\/unstable-vpn.yaml:\d+:6 unstable-vpn: unknown fix "nowhere"/);
    expect(result.stdout).toMatch(/fixes\/stabilise-vpn-connection.yaml:\d+:\d+ stabilise-vpn-connection: no cause uses this fix/);
  });

  /** Replaces `from` with `to` in one file of the copy (which must hold it) and returns kb:check's exit code and output. */
  async function checkWith(file: string, from: string, to: string): Promise<{ status: number | null; stdout: string }> {
    const full = path.join(dir, file);
    const before = await readFile(full, 'utf8');
    expect(before).toContain(from);
    await writeFile(full, before.replace(from, to));
    return run('bot/cli/kbCheck.ts', [dir]);
  }

  it('reports a question answered in the place of one that does not exist', async () => {
    const result = await checkWith('questions.yaml', 'answeredInstead: [host-pings]', 'answeredInstead: [host-ping]');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/questions.yaml:\d+:\d+ port-reachable: unknown question "host-ping"/);
  });

  it('reports a client error name that two entries claim', async () => {
    const result = await checkWith('errors.yaml', 'clientNames: [ERRCONNECT_ACCOUNT_DISABLED]', 'clientNames: [ERRCONNECT_ACCOUNT_LOCKED_OUT]');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/errors.yaml:\d+:\d+ rdp-0x[bd]07: "ERRCONNECT_ACCOUNT_LOCKED_OUT" is also listed by rdp-0x[bd]07/);
  });

  it('reports a localized dialog text that two entries claim', async () => {
    const claimed = await checkWith('errors.yaml', 'text: "Le Bureau à distance ne trouve pas le « nom » de l’ordinateur."', 'text: "Une erreur interne s\'est produite."');
    expect(claimed.status).toBe(1);
    expect(claimed.stdout).toMatch(/errors.yaml:\d+:\d+ internal-error: "Une erreur interne s'est produite." is also listed by rdp-0x104/);
  });

  it('reports a localized dialog text that names no source', async () => {
    const unsourced = await checkWith('errors.yaml', 'text: "Une erreur interne s\'est produite.", source:', 'text: "Une erreur interne s\'est produite.", quotedIn:');
    expect(unsourced.status).toBe(1);
    expect(unsourced.stdout).toMatch(/errors.yaml:\d+:\d+ internal-error: missing required field "source"/);
  });

  /** Applies `from` → `to` in one file of the copy and returns "file:line:column" of `needle` after the edit. */
  async function breakFile(file: string, from: string | RegExp, to: string, needle: string, column = 0): Promise<string> {
    const full = path.join(dir, file);
    const before = await readFile(full, 'utf8');
    const text = before.replace(from, to);
    expect(text, `${file}: ${String(from)}`).not.toBe(before);
    await writeFile(full, text);
    const lines = text.slice(0, text.indexOf(needle)).split('\n');
    return `${file}:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1 + column}`;
  }

  it('fails on a broken copy with one precise file:line:column message per broken rule', async () => {
    const expected = [
      `${await breakFile('causes/unstable-vpn.yaml', /sources:\n(  - .*\n)+/, 'sources:\n  - https://example.com/vpn\n', '- https://example.com')} unstable-vpn: no Microsoft Learn source and no estimate: note`,
      `${await breakFile('fixes/allow-rdp-through-windows-firewall.yaml', '-Name RemoteDesktop-UserMode-In-TCP, RemoteDesktop-UserMode-In-UDP', '-DisplayGroup "Remote Desktop"', '-DisplayGroup')} allow-rdp-through-windows-firewall: uses a localized name ("-DisplayGroup")`,
      `${await breakFile('fixes/reset-client-licensing-cache.yaml', '/y && reg delete "HKLM\\SOFTWARE\\Microsoft\\MSLicensing"', '/y & reg delete "HKLM\\SOFTWARE\\Microsoft\\MSLicensing"', 'reg delete')} reset-client-licensing-cache: "reg delete" runs even if the command before it failed`,
      `${await breakFile('fixes/renew-rdp-certificate.yaml', "        $ErrorActionPreference = 'Stop'\n", '', 'Remove-Item')} renew-rdp-certificate: "Remove-Item" runs even if the command before it failed`,
      `${await breakFile('fixes/set-rdp-security-layer.yaml', /    backup: "Note the current value[^\n]*\n/, '', '  - text: "If the policy sets it', 4)} set-rdp-security-layer: missing required field "backup"`,
      `${await breakFile('fixes/enable-remote-desktop.yaml', 'where: remote-host, admin: true }', 'where: azure-portal, admin: true }', 'azure-portal')} enable-remote-desktop: effort.where "azure-portal" is not where any regular step runs`,
      `${await breakFile('fixes/type-password-instead-of-saved.yaml', /effort: .*\n/, '', 'version: 1')} type-password-instead-of-saved: missing required field "effort"`,
    ];
    const result = run('bot/cli/kbCheck.ts', [dir]);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n').map((line) => line.slice(line.indexOf(path.basename(dir)) + path.basename(dir).length + 1));
    expect(lines).toHaveLength(expected.length);
    for (const message of expected) expect(lines.some((line) => line.startsWith(message)), message).toBe(true);
  });
});

describe('kb:graph', () => {
  it('docs/knowledge-graph.md is up to date (run npm run kb:graph)', async () => {
    const { knowledge } = await loadKnowledge();
    const onDisk = await readFile('docs/knowledge-graph.md', 'utf8');
    expect(onDisk).toBe(renderKnowledgeGraph(knowledge));
    expect(onDisk).toContain('```mermaid');
    expect(onDisk).toContain('E_rdp_0x904 -->|80%| C_expired_rdp_certificate');
  });
});
