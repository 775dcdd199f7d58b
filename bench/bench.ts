// npm run bench [-- --smoke] [--out BENCHMARKS.md] [--charts docs/bench] [--json FILE] [--baseline FILE] [--ports 4100-4199] [--label TEXT]:
// runs the five measurements (see runBench.ts), prints the table and writes BENCHMARKS.md, its two SVG
// charts and the raw results as JSON (--from FILE renders saved results again instead of measuring). With
// a baseline (default docs/bench/before.json when it exists) the document shows before / after. --smoke
// runs everything at toy sizes in seconds (npm test runs it).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderCharts, renderMarkdown, renderTable } from './benchReport.ts';
import { usePortRange } from './benchProcess.ts';
import { FULL, runBench, SMOKE, type BenchResults } from './runBench.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    charts: { type: 'string' },
    json: { type: 'string' },
    baseline: { type: 'string' },
    notes: { type: 'string' },
    ports: { type: 'string' },
    from: { type: 'string' },
    label: { type: 'string' },
  },
});
const smoke = values.smoke ?? false;
const out = path.resolve(values.out ?? path.join(ROOT, smoke ? 'build/bench/BENCHMARKS.md' : 'BENCHMARKS.md'));
const chartsDir = path.resolve(values.charts ?? (smoke ? path.join(path.dirname(out), 'bench') : path.join(ROOT, 'docs/bench')));
const jsonFile = path.resolve(values.json ?? path.join(chartsDir, smoke ? 'smoke.json' : 'results.json'));
const baselineFile = values.baseline ?? (smoke ? undefined : path.join(ROOT, 'docs/bench/before.json'));
const notesFile = values.notes ?? path.join(ROOT, 'docs/bench/notes.md');

/** One progress line on stderr: rewritten in place on a terminal, otherwise printed when the section changes. */
function createProgress(): { update: (line: string) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let section = '';
  return {
    update(line) {
      const now = performance.now();
      const current = line.slice(0, line.indexOf(']') + 1);
      if (!tty) {
        if (current !== section) process.stderr.write(`${line}\n`);
      } else if (current !== section || now - last > 100) {
        process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
        last = now;
      }
      section = current;
    },
    done: () => {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}

const [portFrom, portTo] = (values.ports ?? '').split('-').map(Number);
if (portFrom && portTo) usePortRange(portFrom, portTo);
const progress = createProgress();
// --from re-renders the document from a run's saved results (after editing the notes) without measuring again.
const results = values.from ? (JSON.parse(await readFile(values.from, 'utf8')) as BenchResults) : await runBench(smoke ? SMOKE : FULL, smoke, progress.update);
progress.done();
if (values.label) results.label = values.label;
const before = baselineFile && existsSync(baselineFile) ? (JSON.parse(await readFile(baselineFile, 'utf8')) as BenchResults) : undefined;
const notes = !smoke && existsSync(notesFile) ? await readFile(notesFile, 'utf8') : undefined;
const charts = renderCharts(results);
await mkdir(chartsDir, { recursive: true });
await mkdir(path.dirname(out), { recursive: true });
const latencyFile = path.join(chartsDir, 'latency-vs-concurrency.svg');
const growthFile = path.join(chartsDir, 'turn-time-vs-stored.svg');
await writeFile(latencyFile, charts.latency);
await writeFile(growthFile, charts.growth);
await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
const link = (file: string): string => path.relative(path.dirname(out), file).split(path.sep).join('/');
await writeFile(out, renderMarkdown(results, { latency: link(latencyFile), growth: link(growthFile) }, before, notes));
process.stdout.write(`${renderTable(results)}\n\nwrote ${path.relative(process.cwd(), out) || out}\n`);
const errors = Object.values(results.http).flat().reduce((sum, f) => sum + f.median.errors, 0) + results.memory.errors;
process.exitCode = errors === 0 ? 0 : 1;
