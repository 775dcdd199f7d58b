import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { buildLanguageModel } from '../../dialogs/diagnosis/language/languageModel.ts';
import type { Knowledge } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import { renderFixMarkdown } from '../../dialogs/render/fixText.ts';
import { wordingOf } from '../../dialogs/diagnosis/wording.ts';
import recognisedBy from '../fixtures/recognisedBy.json' with { type: 'json' };

/**
 * The 28 causes of the knowledge scope (shared/knowledge-scope.md), each with the names that only its fix
 * uses (a command, a registry value, a console): a fix must name its own and no other cause's.
 */
const SCOPE = recognisedBy as Record<string, string[][]>;

function mentions(text: string, keywords: string[]): boolean {
  return keywords.every((k) => new RegExp(`(?<![\\w-])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i').test(text));
}

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

  it('covers every cause in scope with a fix, a Microsoft Learn source or an estimate, and fix effort', () => {
    for (const id of Object.keys(SCOPE)) {
      const cause = k.causes.find((c) => c.id === id);
      expect(cause, id).toBeDefined();
      expect(cause?.sources.some((url) => url.startsWith('https://learn.microsoft.com/')) || cause?.estimate !== undefined, id).toBe(true);
      expect(fixOf(id).effort, id).toMatchObject({ minutes: expect.any(Number), where: expect.any(String), admin: expect.any(Boolean) });
    }
    expect(k.causes.filter((c) => !c.outOfScope).map((c) => c.id).sort()).toEqual(Object.keys(SCOPE).sort());
  });

  it('names each fix by its own commands and consoles, and never by another cause\'s', () => {
    for (const [id, alternatives] of Object.entries(SCOPE)) {
      const cause = k.causes.find((c) => c.id === id);
      const text = renderFixMarkdown(fixOf(id), cause ? [cause] : [], 0.6, wordingOf(k));
      expect(alternatives.some((keywords) => mentions(text, keywords)), `${id} names its own fix`).toBe(true);
      const others = Object.entries(SCOPE).filter(([other, alts]) => other !== id && alts.some((keywords) => mentions(text, keywords)));
      expect(others.map(([other]) => other), `${id} names no other cause's fix`).toEqual([]);
    }
  });

  it('says how to check every question that takes more than knowing the answer', () => {
    for (const q of k.questions.filter((x) => x.cost >= 2)) expect(q.check?.text, q.id).toBeDefined();
  });

  it('keeps question texts, checks and error titles free of any fix\'s names', () => {
    const shown = [...k.questions.flatMap((q) => [q.text, q.why, q.check?.text ?? '', q.check?.command ?? '', q.label]), ...k.errors.map((e) => e.title)];
    for (const text of shown) {
      const named = Object.entries(SCOPE).filter(([, alts]) => alts.some((keywords) => mentions(text, keywords)));
      expect(named.map(([id]) => id), text).toEqual([]);
    }
  });

  it('asks no question that reads as asking whether a fix worked', () => {
    // "Does everything else work?" right after "Did that fix it?" is answered as the fix's check ("no, still the same
    // error"), and that answer would then be read as the question's: a question never asks did/does/has ... work, fix,
    // solve, resolve or help.
    const asksIfItWorked = /\b(did|does|has)\b[^.?!]*\b(work(s|ed|ing)?|fix(es|ed)?|solve[sd]?|resolve[sd]?|help(s|ed)?)\b/i;
    for (const q of k.questions) {
      for (const text of [q.text, q.why, q.check?.text ?? '']) expect(text, q.id).not.toMatch(asksIfItWorked);
    }
  });

  it('reads extended code 0x7 as a refusal by the host, not as licensing, a firewall or the network', () => {
    const refused = k.errors.find((e) => e.extendedCodes.some((c) => c.hex === '0x7'));
    expect(refused?.extendedCodes.find((c) => c.hex === '0x7')?.meaning).toMatch(/server side denied the connection.*not a licensing code/i);
    const listed = refused?.causes.map((c) => c.cause) ?? [];
    for (const id of ['client-licensing-cache', 'windows-firewall-blocking', 'unstable-vpn', 'name-resolution']) expect(listed, id).not.toContain(id);
    const lm = buildLanguageModel(k);
    expect(lm.understand('rdp error 0x904 extended 0x7').errorIds).toEqual([refused?.id]);
    const lost = lm.understand('rdp error 0x904 extended 0x0').errorIds;
    expect(lost).toEqual(lm.understand('rdp fails with 0x904').errorIds);
    expect(k.errors.find((e) => e.id === lost[0])?.causes.find((c) => c.cause === 'unstable-vpn')?.likelihood).toBe(0.8);
  });

  it('maps every code and message the issue lists to an entry', () => {
    const lm = buildLanguageModel(k);
    const reports = ['0x104', '0x108', '0x208', '0x508', '0x807', '0xA07', '0xB07', '0xD07', '0xE07', '0xF07', '0x1207', '0x1807', '0x1D07', 'Your credentials did not work', 'The logon attempt failed',
      'Another user is signed in', 'The number of connections to this computer is limited', 'An internal error has occurred', 'The Local Security Authority cannot be contacted',
      'Windows Defender Credential Guard does not allow using saved credentials', 'Remote machine is Microsoft Entra joined, try using your work email address'];
    for (const report of reports) expect(lm.understand(`remote desktop: ${report}`).errorIds.length, report).toBeGreaterThan(0);
  });

  it('repairs the key store by its permissions and never renames or deletes it', () => {
    const steps = fixOf('corrupt-machinekeys').steps;
    expect(steps.some((s) => s.command?.code.includes('icacls') && s.command.code.includes('/save'))).toBe(true);
    for (const s of steps) expect(`${s.command?.code ?? ''} ${s.text}`).not.toMatch(/Rename-Item|MachineKeys_old|Remove-Item/);
  });

  it('never recommends the RDP security layer, and pairs every security-weakening step with a warning, a backup and an undo', () => {
    for (const s of fixOf('security-layer-mismatch').steps) expect(s.command?.code ?? '').not.toMatch(/SecurityLayer \/t REG_DWORD \/d 0/);
    const weakening = [/AllowEncryptionOracle/, /UserAuthentication \/t REG_DWORD \/d 0/, /Protection Level: Vulnerable/, /uncheck "Allow connections only/];
    for (const fix of k.fixes) {
      for (const step of fix.steps) {
        const text = `${step.command?.code ?? ''} ${step.gui ?? ''}`;
        if (weakening.some((re) => re.test(text))) expect(step, `${fix.id}: ${step.text}`).toMatchObject({ risk: 'high', undo: expect.any(String), backup: expect.any(String), warning: expect.any(String) });
      }
    }
  });

  it('hands hardware faults and Azure Virtual Desktop / Windows 365 to a person', () => {
    const lm = buildLanguageModel(k);
    for (const [text, causeId] of [['my remote pc won\'t power on', 'host-hardware-fault'], ['There are currently no resources available to connect to (0x3000046)', 'avd-or-windows365']] as const) {
      const entry = k.errors.find((e) => e.id === lm.understand(text).errorIds[0]);
      expect(entry?.causes.map((c) => c.cause), text).toEqual([causeId]);
      expect(k.causes.find((c) => c.id === causeId)?.outOfScope).toBe(true);
    }
  });

  it('reads the idle and active-session time limits (extended 0x3 / 0x4) as a policy to hand off, not a network fault', () => {
    const lm = buildLanguageModel(k);
    for (const text of ['Error code: 0x3, Extended error code: 0x4', 'extended error code 0x3', "Your Remote Desktop Services session ended because the remote computer didn't receive any input from you."]) {
      const entries = lm.understand(text).errorIds.map((id) => k.errors.find((e) => e.id === id));
      expect(entries.map((e) => e?.causes.map((c) => c.cause)), text).toEqual([['session-time-limit']]);
    }
    expect(k.causes.find((c) => c.id === 'session-time-limit')).toMatchObject({ outOfScope: true });
  });

  it('keeps the NLA domain-controller message apart from 0xB09 and points it at the domain too', () => {
    const lm = buildLanguageModel(k);
    const dc = lm.understand('The remote computer that you are trying to connect to requires Network Level Authentication (NLA), but your Windows domain controller cannot be contacted to perform NLA.').errorIds;
    const b09 = lm.understand('The remote computer requires Network Level Authentication, which your computer does not support').errorIds;
    expect(dc).toHaveLength(1);
    expect(b09).toHaveLength(1);
    expect(dc).not.toEqual(b09);
    const dcEntry = k.errors.find((e) => e.id === dc[0]);
    expect(dcEntry?.code).toBeUndefined();
    expect(dcEntry?.causes.find((c) => c.cause === 'domain-trust-or-time')?.likelihood).toBeGreaterThanOrEqual(0.5);
    expect(k.errors.find((e) => e.id === b09[0])?.causes.map((c) => c.cause)).toEqual(['nla-mismatch']);
  });

  it('reads "The Local Security Authority cannot be contacted" as Microsoft lists it: the domain first, TLS possible', () => {
    const entry = k.errors.find((e) => e.id === buildLanguageModel(k).understand('An authentication error has occurred. The Local Security Authority cannot be contacted').errorIds[0]);
    const of = (id: string) => entry?.causes.find((c) => c.cause === id);
    expect(of('domain-trust-or-time')?.likelihood).toBeGreaterThan(of('tls-schannel-misconfig')?.likelihood ?? 1);
    expect(of('tls-schannel-misconfig')?.likelihood).toBeGreaterThanOrEqual(0.5);
    expect(of('account-locked-or-expired')?.estimate).toMatch(/community/i);
  });

  it('never re-enables, extends or resets an account without first reading its state', () => {
    const risky = /Enable-ADAccount|Clear-ADAccountExpiration|Enable-LocalUser|AccountNeverExpires|Set-LocalUser .*-Password/;
    for (const fix of k.fixes) {
      for (const step of fix.steps) {
        const lines = (step.command?.code ?? '').split('\n').filter((line) => risky.test(line));
        for (const line of lines.filter((l) => !/-Password/.test(l))) expect(line.trim(), `${fix.id}: ${line}`).toMatch(/^if \(/);
        if (lines.some((l) => /-Password/.test(l))) expect(step, `${fix.id}: ${step.text}`).toMatchObject({ risk: 'high', warning: expect.stringMatching(/encrypted files/) });
      }
    }
  });

  it('says where Windows PowerShell 5.1 is needed for the domain trust cmdlets that PowerShell 7 dropped', () => {
    for (const fix of k.fixes) for (const step of fix.steps) {
      if (/Test-ComputerSecureChannel|Reset-ComputerMachinePassword/.test(step.command?.code ?? '')) expect(step.text, fix.id).toMatch(/Windows PowerShell 5\.1/);
    }
  });

  it('has one generic entry for people without a code, reaching every fixable cause', () => {
    const generic = k.errors.filter((e) => e.generic);
    expect(generic).toHaveLength(1);
    const reached = new Set(generic[0]?.causes.map((c) => c.cause));
    for (const cause of k.causes.filter((c) => !c.outOfScope)) expect(reached.has(cause.id), cause.id).toBe(true);
  });
});
