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

  it('exits 0 on the real knowledge and names its release and counts', () => {
    const result = run('bot/cli/kbCheck.ts');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/is valid \(release [\d.]+, \d+ errors, 17 causes, \d+ questions, 16 fixes, sha256 [0-9a-f]{12}\)/);
  });

  it('exits 1 on a broken copy and prints file:line:column for each problem', async () => {
    const causeFile = path.join(dir, 'causes', 'unstable-vpn.yaml');
    await writeFile(causeFile, (await readFile(causeFile, 'utf8')).replace('fix: stabilise-vpn-connection', 'fix: nowhere').replace('prior: 0.07', 'prior: -1'));
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
