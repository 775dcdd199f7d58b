import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKnowledge } from '../../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { MESSAGE_IDS } from '../../dialogs/diagnosis/messageIds.ts';
import { readKnowledgeFiles } from '../../bot/loadKnowledge.ts';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'messageIds.ts').map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => readFile(file, 'utf8')));
}

/** True when the code names the id: as a string literal, or built from its prefix (`where-${step.where}`, 'desk-status-' + status in a page script). */
function isNamed(id: string, code: string): boolean {
  if (code.includes(`'${id}'`) || code.includes(`"${id}"`)) return true;
  const prefixes = id.split('-').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  return prefixes.some((prefix) => code.includes(`\`${prefix}-\${`) || code.includes(`'${prefix}-' + `));
}

describe('message ids', () => {
  it('are each used by the code under dialogs/ or bot/ (no dead wording in messages.yaml)', async () => {
    const code = (await Promise.all(['dialogs', 'bot'].map(sources))).flat().join('\n');
    expect(MESSAGE_IDS.filter((id) => !isNamed(id, code))).toEqual([]);
  });

  it('are all required by kb:check: a knowledge without one of them does not load', async () => {
    const files = await readKnowledgeFiles('knowledge');
    const id = 'step-undo';
    const withoutOne = files.map((f) => (f.path === 'messages.yaml' ? { ...f, text: f.text.replace(new RegExp(`^  ${id}:.*$`, 'm'), '') } : f));
    const { knowledge, problems } = compileKnowledge(withoutOne);
    expect(knowledge).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([`missing message "${id}"`]);
  });
});
