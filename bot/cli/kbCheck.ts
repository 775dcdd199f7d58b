// npm run kb:check [-- <dir>]: validates a knowledge folder; prints every problem and exits 1, or a summary and 0.
import path from 'node:path';
import { compileKnowledge } from '../../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { formatProblem } from '../../dialogs/diagnosis/knowledge/problem.ts';
import { DEFAULT_KNOWLEDGE_DIR, contentHash, readKnowledgeFiles } from '../loadKnowledge.ts';

const directory = path.resolve(process.argv[2] ?? DEFAULT_KNOWLEDGE_DIR);
try {
  const files = await readKnowledgeFiles(directory);
  const { knowledge, problems } = compileKnowledge(files);
  if (!knowledge) {
    for (const problem of problems) process.stdout.write(`${path.join(path.relative(process.cwd(), directory) || '.', formatProblem(problem))}\n`);
    process.stderr.write(`kb:check: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${directory}\n`);
    process.exitCode = 1;
  } else {
    const counts = `${knowledge.errors.length} errors, ${knowledge.causes.length} causes, ${knowledge.questions.length} questions, ${knowledge.fixes.length} fixes`;
    process.stdout.write(`kb:check: ${directory} is valid (release ${knowledge.release}, ${counts}, sha256 ${contentHash(files).slice(0, 12)})\n`);
  }
} catch (error) {
  process.stderr.write(`kb:check: cannot read ${directory}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
