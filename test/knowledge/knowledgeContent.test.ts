import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { Knowledge } from '../../dialogs/diagnosis/knowledgeTypes.ts';

/** The 16 causes of the product's knowledge scope (shared/knowledge-scope.md). */
const SCOPE = [
  'client-licensing-cache',
  'expired-rdp-certificate',
  'corrupt-machinekeys',
  'windows-firewall-blocking',
  'antivirus-blocking',
  'security-layer-mismatch',
  'unstable-vpn',
  'win11-hostname-resolution',
  'rdp-disabled',
  'azure-nsg-blocking',
  'credssp-oracle-remediation',
  'nla-mismatch',
  'not-in-remote-desktop-users',
  'windows-home-edition',
  'rd-license-server-unavailable',
  'rd-gateway-authorization',
];

describe('the RDP knowledge', () => {
  let k: Knowledge;
  beforeAll(async () => {
    k = (await loadKnowledge()).knowledge;
  });
  const fixOf = (causeId: string) => {
    const fixId = k.causes.find((c) => c.id === causeId)?.fix;
    const fix = k.fixes.find((f) => f.id === fixId);
    if (!fix) throw new Error(`no fix for ${causeId}`);
    return fix;
  };

  it('covers every cause in scope with a sourced fix', () => {
    for (const id of SCOPE) {
      const cause = k.causes.find((c) => c.id === id);
      expect(cause, id).toBeDefined();
      expect(cause?.sources.length, id).toBeGreaterThan(0);
      expect(fixOf(id).sources.length, id).toBeGreaterThan(0);
    }
  });

  it('says extended code 0x7 means the server denied the connection, not licensing', () => {
    const ext = k.errors.find((e) => e.id === 'rdp-0x904')?.extendedCodes.find((c) => c.hex === '0x7');
    expect(ext?.meaning).toMatch(/server side denied the connection/i);
    expect(ext?.meaning).toMatch(/not a licensing code/i);
  });

  it("leads the MachineKeys fix with Microsoft's permission reset and keeps the rename as a flagged last resort", () => {
    const steps = fixOf('corrupt-machinekeys').steps;
    const reset = steps.findIndex((s) => s.command?.code.includes('icacls') && s.command.code.includes('Restart-Service TermService'));
    const rename = steps.findIndex((s) => s.command?.code.includes('Rename-Item') === true);
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(rename).toBeGreaterThan(reset);
    expect(steps[rename]).toMatchObject({ lastResort: true, risk: 'high', backup: expect.any(String), undo: expect.stringContaining('MachineKeys_old') });
    expect(steps[rename]?.warning).toMatch(/every machine certificate/);
    expect(steps[reset]?.command?.code).toContain('/save');
  });

  it('warns that the RDP security layer turns off server authentication', () => {
    const rdpLayer = fixOf('security-layer-mismatch').steps.find((s) => s.gui?.includes('Security Layer = RDP'));
    expect(rdpLayer).toMatchObject({ risk: 'high', lastResort: true });
    expect(rdpLayer?.warning).toMatch(/turns off server authentication/);
  });

  it('flags every security-weakening workaround as high risk with an undo', () => {
    const weakening = [/AllowEncryptionOracle/, /UserAuthentication \/t REG_DWORD \/d 0/, /Security Layer = RDP/];
    for (const fix of k.fixes) {
      for (const step of fix.steps) {
        const text = `${step.command?.code ?? ''} ${step.gui ?? ''}`;
        if (weakening.some((re) => re.test(text))) expect(step, `${fix.id}: ${step.text}`).toMatchObject({ risk: 'high', undo: expect.any(String) });
      }
    }
  });

  it('gives every step a place, an admin flag and something to do', () => {
    for (const fix of k.fixes) {
      for (const step of fix.steps) {
        expect(step.command ?? step.gui ?? step.note, `${fix.id}: ${step.text}`).toBeDefined();
        if (step.risk !== 'low') expect(step.warning && step.undo, `${fix.id}: ${step.text}`).toBeTruthy();
      }
    }
  });

  it('has one generic entry for people without a code, reaching every fixable cause', () => {
    const generic = k.errors.filter((e) => e.generic);
    expect(generic).toHaveLength(1);
    const reached = new Set(generic[0]?.causes.map((c) => c.cause));
    for (const cause of k.causes.filter((c) => !c.outOfScope)) expect(reached.has(cause.id), cause.id).toBe(true);
  });
});
