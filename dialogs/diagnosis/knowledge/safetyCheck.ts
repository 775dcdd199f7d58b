import type { Problem } from './problem.ts';
import type { Collection, Located } from './crossCheck.ts';
import type { RawCause, RawFix } from './rawTypes.ts';

type Step = RawFix['steps'][number];

const LEARN = /^https:\/\/learn\.microsoft\.com\//;

/** Names Windows translates, with what works in every language instead. */
const LOCALIZED: Array<{ pattern: RegExp; hint: string }> = [
  { pattern: /-DisplayGroup\b/i, hint: 'use the rule names, e.g. -Name RemoteDesktop-UserMode-In-TCP,RemoteDesktop-UserMode-In-UDP (the same in every language)' },
  { pattern: /-DisplayName\s+["']?Remote Desktop/i, hint: 'use the rule name, e.g. -Name RemoteDesktop-UserMode-In-TCP' },
  { pattern: /\bgroup\s*=\s*["']?remote desktop/i, hint: 'use Enable-NetFirewallRule -Name RemoteDesktop-UserMode-In-TCP,RemoteDesktop-UserMode-In-UDP' },
  { pattern: /\bnet\s+localgroup\s+["']?(?:Remote Desktop Users|Administrators|Users)\b/i, hint: 'use Add-LocalGroupMember -SID S-1-5-32-555 (Remote Desktop Users) or S-1-5-32-544 (Administrators)' },
  { pattern: /-Group\s+["']?(?:Remote Desktop Users|Administrators|Users)\b/i, hint: 'use -SID S-1-5-32-555 (Remote Desktop Users) or S-1-5-32-544 (Administrators)' },
  { pattern: /\/grant(?::r)?\s+["']?(?:Administrators|Everyone|Users|BUILTIN\\|NT AUTHORITY\\)/i, hint: 'grant to well-known SIDs, e.g. *S-1-5-32-544 (Administrators), *S-1-5-18 (SYSTEM), *S-1-5-20 (NETWORK SERVICE)' },
];

/** Commands that delete, rename or take over something a failed backup would leave unrecoverable. */
const DESTRUCTIVE = /\b(?:reg\s+delete|Remove-Item(?:Property)?|Rename-Item|Clear-Content|rd\s+\/s|rmdir|del\s|takeown|Format-Volume)\b|\bicacls\b[^\n]*\/(?:grant|reset|setowner|remove|deny)\b/gi;
const PS_GUARD = /\$ErrorActionPreference\s*=\s*['"]Stop['"]|-ErrorAction\s+Stop\b|\bthrow\b/i;

/**
 * Safety checks beyond the schema: every cause cites Microsoft Learn or says what the team estimated;
 * commands use names that work on Windows in every language; destructive commands run only after the
 * backup before them succeeded (`&&` in cmd, -ErrorAction Stop or a throw in PowerShell); fix effort
 * agrees with the steps.
 */
export function checkSafety(c: Collection): Problem[] {
  return [...c.causes.flatMap(checkCauseSources), ...c.fixes.flatMap(checkCommands), ...c.fixes.flatMap(checkEffort)];
}

function checkCauseSources(cause: Located<RawCause>): Problem[] {
  const { sources, estimate, id } = cause.value;
  if (sources.some((url) => LEARN.test(url)) || estimate) return [];
  return [cause.doc.problemAt(['sources'], 'no Microsoft Learn source and no estimate: note', { id, hint: 'cite a learn.microsoft.com page, or say in estimate: what the team judges and why' })];
}

function checkCommands(fix: Located<RawFix>): Problem[] {
  return fix.value.steps.flatMap((step, index) => {
    if (!step.command) return [];
    const path = ['steps', index, 'command', 'code'];
    const at = (offset: number, message: string, hint: string): Problem => ({ file: fix.doc.file, ...fix.doc.positionInValue(path, offset), id: fix.value.id, message, hint });
    return [...localizedNames(step, at), ...unguarded(step, at)];
  });
}

type At = (offset: number, message: string, hint: string) => Problem;

function localizedNames(step: Step, at: At): Problem[] {
  const code = step.command?.code ?? '';
  return LOCALIZED.flatMap(({ pattern, hint }) => {
    const match = pattern.exec(code);
    return match ? [at(match.index, `uses a localized name ("${match[0].trim()}") that exists only on English Windows`, hint)] : [];
  });
}

function unguarded(step: Step, at: At): Problem[] {
  const code = step.command?.code ?? '';
  const shell = step.command?.shell;
  const problems: Problem[] = [];
  for (const match of code.matchAll(DESTRUCTIVE)) {
    const before = code.slice(0, match.index);
    const lineStart = before.lastIndexOf('\n') + 1;
    const sameLine = before.slice(lineStart);
    const earlier = before.slice(0, lineStart).trim();
    if (shell === 'cmd' || shell === 'bash') {
      const chained = /&&\s*$/.test(sameLine);
      if ((sameLine.trim() !== '' || earlier !== '') && !chained) problems.push(at(match.index, `"${match[0].trim()}" runs even if the command before it failed`, 'chain it after the backup with &&'));
    } else if ((sameLine.trim() !== '' || earlier !== '') && !PS_GUARD.test(before)) {
      problems.push(at(match.index, `"${match[0].trim()}" runs even if the command before it failed`, "stop on failure first: -ErrorAction Stop on the backup, $ErrorActionPreference = 'Stop', or a throw"));
    }
  }
  return problems;
}

function checkEffort(fix: Located<RawFix>): Problem[] {
  const { effort, steps, id } = fix.value;
  const regular = steps.filter((s) => s.lastResort !== true);
  const problems: Problem[] = [];
  if (!regular.some((s) => s.where === effort.where)) {
    problems.push(fix.doc.problemAt(['effort', 'where'], `effort.where "${effort.where}" is not where any regular step runs`, { id, hint: `one of: ${[...new Set(regular.map((s) => s.where))].join(', ')}` }));
  }
  if (!regular.some((s) => s.admin === effort.admin)) {
    problems.push(fix.doc.problemAt(['effort', 'admin'], `effort.admin is ${String(effort.admin)} but ${effort.admin ? 'no' : 'every'} regular step needs an admin`, { id, hint: 'make it match the steps' }));
  }
  return problems;
}
