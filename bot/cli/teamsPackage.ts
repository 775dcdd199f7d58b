// npm run teams:package: fills manifest/manifest.json from the environment (or .env), validates it offline,
// checks the icons and writes build/teams/rdp-assistant-teams.zip, ready to side-load.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { buildTeamsPackage } from '../teams/teamsPackage.ts';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'build', 'teams', 'rdp-assistant-teams.zip');

if (existsSync('.env')) process.loadEnvFile('.env');
const { problems, zip, manifest } = await buildTeamsPackage(process.env, packageJson.version);
if (!zip || problems.length > 0) {
  process.stderr.write(`teams:package: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exitCode = 1;
} else {
  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, zip);
  process.stdout.write(`teams:package: manifest v${manifest?.manifestVersion ?? '?'} valid; wrote ${path.relative(process.cwd(), OUT)} (${zip.length} bytes)\n`);
}
