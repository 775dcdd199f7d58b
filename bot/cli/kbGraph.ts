// npm run kb:graph: writes docs/knowledge-graph.md from the knowledge folder.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderKnowledgeGraph } from '../../dialogs/diagnosis/knowledgeGraph.ts';
import { KnowledgeError, loadKnowledge } from '../loadKnowledge.ts';

export const GRAPH_FILE = path.resolve(import.meta.dirname, '..', '..', 'docs', 'knowledge-graph.md');

try {
  const { knowledge } = await loadKnowledge();
  await mkdir(path.dirname(GRAPH_FILE), { recursive: true });
  await writeFile(GRAPH_FILE, renderKnowledgeGraph(knowledge));
  process.stdout.write(`kb:graph: wrote ${path.relative(process.cwd(), GRAPH_FILE)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof KnowledgeError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
