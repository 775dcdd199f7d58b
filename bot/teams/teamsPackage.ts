import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';

export const MANIFEST_DIR = path.resolve(import.meta.dirname, '..', '..', 'manifest');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Placeholder → how to fill it: an environment variable (and a default), checked before use. */
const PLACEHOLDERS: Record<string, { env: string; fallback?: (env: Record<string, string | undefined>) => string | undefined; check?: RegExp; hint: string; sample?: string; keepSpaces?: boolean }> = {
  TEAMS_APP_ID: { env: 'TEAMS_APP_ID', check: GUID, sample: '00000000-0000-0000-0000-000000000000', hint: 'a GUID that identifies the Teams app (generate one once and keep it)' },
  BOT_ID: { env: 'TEAMS_BOT_ID', fallback: (env) => env.MicrosoftAppId, check: GUID, sample: '00000000-0000-0000-0000-000000000000', hint: "the bot's Entra app id (defaults to MicrosoftAppId)" },
  BOT_DOMAIN: { env: 'BOT_DOMAIN', sample: 'bot.example.com', check: /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, hint: 'the host name the bot is served from, e.g. rdp-bot.contoso.com' },
  APP_NAME_SUFFIX: { env: 'APP_NAME_SUFFIX', fallback: () => '', keepSpaces: true, hint: 'appended to the app name, e.g. " (dev)"' },
  APP_VERSION: { env: 'APP_VERSION', check: /^\d+\.\d+\.\d+$/, hint: 'semantic version of the app package' },
  DEVELOPER_NAME: { env: 'DEVELOPER_NAME', fallback: () => 'Contoso IT', hint: 'publisher name' },
  DEVELOPER_WEBSITE_URL: { env: 'DEVELOPER_WEBSITE_URL', fallback: () => 'https://www.contoso.com', check: /^https:\/\//, hint: 'https URL' },
  DEVELOPER_PRIVACY_URL: { env: 'DEVELOPER_PRIVACY_URL', fallback: () => 'https://www.contoso.com/privacy', check: /^https:\/\//, hint: 'https URL' },
  DEVELOPER_TERMS_URL: { env: 'DEVELOPER_TERMS_URL', fallback: () => 'https://www.contoso.com/terms', check: /^https:\/\//, hint: 'https URL' },
};

const ICONS = [
  { file: 'color.png', size: 192, outline: false },
  { file: 'outline.png', size: 32, outline: true },
] as const;

export type TeamsPackage = { problems: string[]; manifest?: AppManifest; zip?: Uint8Array };

/**
 * Fills the manifest's ${{…}} placeholders from the environment, validates it offline against the
 * official schema bundled in @microsoft/app-manifest, checks the icons' pixel sizes (and that the
 * outline is white on transparent), and zips manifest and icons. Every problem is reported at once.
 */
export async function buildTeamsPackage(env: Record<string, string | undefined>, version: string, dir = MANIFEST_DIR): Promise<TeamsPackage> {
  const problems: string[] = [];
  const template = await readFile(path.join(dir, 'manifest.json'), 'utf8');
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    const spec = PLACEHOLDERS[name];
    if (!spec) {
      problems.push(`manifest.json: unknown placeholder \${{${name}}}`);
      return '';
    }
    const raw = env[spec.env]?.trim() ? (spec.keepSpaces ? env[spec.env] : env[spec.env]?.trim()) : undefined;
    const value = raw ? raw : spec.fallback ? spec.fallback(env) : name === 'APP_VERSION' ? version : undefined;
    const ok = value !== undefined && (!spec.check || spec.check.test(value));
    if (value === undefined) problems.push(`${spec.env} is not set (${spec.hint})`);
    else if (!ok) problems.push(`${spec.env}="${value}" is not valid (${spec.hint})`);
    // A reported bad value is replaced by a well-formed sample, so the schema check shows only other problems.
    return JSON.stringify(ok ? value : (spec.sample ?? value ?? '')).slice(1, -1);
  });
  let manifest: AppManifest | undefined;
  try {
    manifest = JSON.parse(filled) as AppManifest;
  } catch (error) {
    problems.push(`manifest.json is not valid JSON: ${(error as Error).message}`);
  }
  if (manifest) problems.push(...(await AppManifestUtils.validateAgainstSchema(manifest)).map((p) => `manifest.json schema: ${p}`));
  const icons: Record<string, Uint8Array> = {};
  for (const icon of ICONS) {
    const bytes = await readFile(path.join(dir, icon.file)).catch(() => undefined);
    if (!bytes) {
      problems.push(`${icon.file} is missing`);
      continue;
    }
    problems.push(...checkIcon(icon.file, bytes, icon.size, icon.outline));
    icons[icon.file] = bytes;
  }
  if (problems.length > 0 || !manifest) return { problems: [...new Set(problems)] };
  const zip = zipSync({ 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)), ...icons });
  return { problems, manifest, zip };
}

function checkIcon(file: string, bytes: Buffer, size: number, outline: boolean): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    return [`${file} is not a PNG`];
  }
  if (png.width !== size || png.height !== size) return [`${file} is ${png.width}x${png.height}; Teams needs ${size}x${size}`];
  if (!outline) return [];
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0, png.data[i + 3] ?? 0];
    if (a > 0 && (r < 250 || g < 250 || b < 250)) return [`${file} must be white on a transparent background`];
  }
  return [];
}
