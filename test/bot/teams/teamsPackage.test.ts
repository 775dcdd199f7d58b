import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import nock from 'nock';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, MANIFEST_DIR } from '../../../bot/teams/teamsPackage.ts';

const ENV = {
  TEAMS_APP_ID: '3f2c8a4e-1b7d-4c55-9e0a-2d6b8f9c1a77',
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  BOT_DOMAIN: 'rdp-bot.contoso.com',
  APP_NAME_SUFFIX: ' (dev)',
};

describe('teams:package', () => {
  beforeAll(() => {
    // Offline: any attempt to fetch a schema from the network fails the test.
    nock.disableNetConnect();
  });
  afterAll(() => nock.enableNetConnect());

  it('fills the placeholders, validates offline against the bundled schema and zips manifest and icons', async () => {
    const { problems, zip } = await buildTeamsPackage(ENV, '1.2.3');
    expect(problems).toEqual([]);
    const files = unzipSync(zip ?? new Uint8Array());
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    type Manifest = { bots: Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }> };
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    expect(manifest).toMatchObject({
      manifestVersion: '1.30',
      version: '1.2.3',
      id: ENV.TEAMS_APP_ID,
      name: { short: 'RDP Assistant (dev)' },
      validDomains: ['rdp-bot.contoso.com'],
      bots: [{ botId: ENV.MicrosoftAppId, scopes: ['personal', 'team', 'groupChat'] }],
    });
    expect(manifest.bots[0]?.commandLists[0]?.commands.map((c) => c.title)).toEqual(['restart', 'help', 'talk to a person']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    const color = PNG.sync.read(Buffer.from(files['color.png'] ?? []));
    const outline = PNG.sync.read(Buffer.from(files['outline.png'] ?? []));
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
  });

  it('lists every missing or invalid setting at once', async () => {
    const { problems, zip } = await buildTeamsPackage({ BOT_DOMAIN: 'not a domain' }, '1.0.0');
    expect(zip).toBeUndefined();
    expect(problems).toEqual([
      expect.stringContaining('TEAMS_APP_ID is not set'),
      expect.stringContaining('TEAMS_BOT_ID is not set'),
      expect.stringContaining('BOT_DOMAIN="not a domain" is not valid'),
    ]);
  });

  describe('with a broken copy of manifest/', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'teams-'));
      await cp(MANIFEST_DIR, dir, { recursive: true });
      const big = new PNG({ width: 64, height: 64 });
      await writeFile(path.join(dir, 'color.png'), PNG.sync.write(big));
      const outline = PNG.sync.read(await readFile(path.join(dir, 'outline.png')));
      outline.data.fill(0);
      outline.data.set([255, 0, 0, 255], 0);
      await writeFile(path.join(dir, 'outline.png'), PNG.sync.write(outline));
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { bots: Array<{ scopes: string[] }> };
      const [firstBot] = manifest.bots;
      if (firstBot) firstBot.scopes = ['personal', 'groupchat'];
      await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('reports schema violations and icon problems', async () => {
      const { problems } = await buildTeamsPackage(ENV, '1.0.0', dir);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^manifest.json schema: \/bots\/0\/scopes\/1 must be equal to one of the allowed values/),
          'color.png is 64x64; Teams needs 192x192',
          'outline.png must be white on a transparent background',
        ]),
      );
    });
  });
});
