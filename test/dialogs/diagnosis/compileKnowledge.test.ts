import { describe, expect, it } from 'vitest';
import { readKnowledgeFiles } from '../../../bot/loadKnowledge.ts';
import { compileKnowledge } from '../../../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { formatProblem } from '../../../dialogs/diagnosis/knowledge/problem.ts';
import { knowledgeFiles, positionOf, problemsOf, textOf, withFile } from '../../helpers/knowledgeFiles.ts';

describe('compileKnowledge', () => {
  it('accepts the real knowledge and resolves named likelihoods to numbers', async () => {
    const { knowledge, problems } = compileKnowledge(await readKnowledgeFiles('knowledge'));
    expect(problems.map(formatProblem)).toEqual([]);
    const cert = knowledge?.errors.find((e) => e.id === 'rdp-0x904')?.causes.find((c) => c.cause === 'expired-rdp-certificate');
    expect(cert?.likelihood).toBe(0.8);
    expect(knowledge?.renamed).toEqual({ 'win11-hostname-resolution': 'name-resolution' });
    expect(knowledge?.errors.find((e) => e.id === 'rdp-0x904')?.code).toMatchObject({ hex: '0x904', decimal: 2308 });
  });

  it('accepts the tiny fixture with its brand-new error code', async () => {
    const { knowledge } = compileKnowledge(await knowledgeFiles());
    expect(knowledge?.errors.map((e) => e.code?.hex)).toContain('0x3000046');
  });

  it('reports bad YAML with its line', async () => {
    const files = withFile(await knowledgeFiles(), 'questions.yaml', (t) => t.replace('text: Are you connecting through a VPN?', 'text: [Are you connecting'));
    const problems = problemsOf(files);
    const { line } = positionOf(textOf(files, 'questions.yaml'), 'text: [Are you');
    expect(problems.some((p) => p.startsWith(`questions.yaml:${line + 1}:`) || p.startsWith(`questions.yaml:${line}:`))).toBe(true);
    expect(problems.join('\n')).toMatch(/questions\.yaml:\d+:\d+: YAML /);
  });

  it('reports a schema violation at the value, naming the id', async () => {
    const files = withFile(await knowledgeFiles(), 'causes/unstable-vpn.yaml', (t) => t.replace('prior: 0.3', 'prior: 2'));
    const { line, column } = positionOf(textOf(files, 'causes/unstable-vpn.yaml'), '2\n');
    expect(problemsOf(files)).toEqual([`causes/unstable-vpn.yaml:${line}:${column} unstable-vpn: must be <= 1`]);
  });

  it('reports an unknown field at its key and a source that is not a URL', async () => {
    const files = withFile(await knowledgeFiles(), 'fixes/stabilise-vpn-connection.yaml', (t) =>
      t.replace('verify: Connect again.', 'verify: Connect again.\nverfy: typo').replace('sources: [https://', 'sources: [ftp://'),
    );
    const text = textOf(files, 'fixes/stabilise-vpn-connection.yaml');
    expect(problemsOf(files)).toEqual([
      `fixes/stabilise-vpn-connection.yaml:${positionOf(text, 'verfy').line}:1 stabilise-vpn-connection: unknown field "verfy" (check the spelling against the schema)`,
      expect.stringMatching(new RegExp(`^fixes/stabilise-vpn-connection.yaml:${positionOf(text, 'ftp://').line}:\\d+ stabilise-vpn-connection: "ftp://.*" is not an http\\(s\\) URL$`)),
    ]);
  });

  it('requires a warning, an undo and a backup on risky steps', async () => {
    const files = withFile(await knowledgeFiles(), 'fixes/renew-rdp-certificate.yaml', (t) => t.replace('    undo: Nothing to undo.\n', ''));
    expect(problemsOf(files)).toEqual([expect.stringMatching(/^fixes\/renew-rdp-certificate.yaml:\d+:5 renew-rdp-certificate: missing required field "undo"/)]);
  });

  it('rejects an unknown version', async () => {
    const files = withFile(await knowledgeFiles(), 'knowledge.yaml', (t) => t.replace('version: 1', 'version: 2'));
    expect(problemsOf(files)).toEqual(['knowledge.yaml:2:10: unknown version 2 (this loader knows version 1)']);
  });

  it('reports a dangling fix id and a dangling cause id where they are written', async () => {
    let files = withFile(await knowledgeFiles(), 'causes/unstable-vpn.yaml', (t) => t.replace('fix: stabilise-vpn-connection', 'fix: no-such-fix'));
    files = withFile(files, 'errors.yaml', (t) => t.replace('{ cause: unstable-vpn, likelihood: possible }', '{ cause: no-such-cause, likelihood: possible }'));
    const cause = positionOf(textOf(files, 'causes/unstable-vpn.yaml'), 'no-such-fix');
    const error = positionOf(textOf(files, 'errors.yaml'), 'no-such-cause');
    expect(problemsOf(files)).toEqual([
      `causes/unstable-vpn.yaml:${cause.line}:${cause.column} unstable-vpn: unknown fix "no-such-fix" (add fixes/<id>.yaml or correct the id)`,
      `errors.yaml:${error.line}:${error.column} no-code: unknown cause "no-such-cause" (add causes/<id>.yaml or correct the id)`,
      expect.stringMatching(/^fixes\/stabilise-vpn-connection.yaml:\d+:\d+ stabilise-vpn-connection: no cause uses this fix/),
    ]);
  });

  it('reports a cause no error code reaches', async () => {
    const orphan = textOf(await knowledgeFiles(), 'causes/unstable-vpn.yaml').replace('id: unstable-vpn', 'id: orphan-cause').replace('uses-vpn: 0.97', 'certificate-expired: 0.5');
    const files = withFile(await knowledgeFiles(), 'causes/orphan-cause.yaml', () => orphan);
    expect(problemsOf(files)).toEqual([
      `causes/orphan-cause.yaml:${positionOf(orphan, 'id: orphan').line}:5 orphan-cause: unreachable: no error code or the generic entry points to this cause (list it under an entry in errors.yaml)`,
    ]);
  });

  it('flags two causes that share an error code when no question tells them apart', async () => {
    const twin = textOf(await knowledgeFiles(), 'causes/unstable-vpn.yaml').replace('id: unstable-vpn', 'id: vpn-twin').replace('fix: stabilise-vpn-connection', 'fix: renew-rdp-certificate');
    let files = withFile(await knowledgeFiles(), 'causes/vpn-twin.yaml', () => twin);
    files = withFile(files, 'errors.yaml', (t) => t.replace('      - { cause: unstable-vpn, likelihood: likely }', '      - { cause: unstable-vpn, likelihood: likely }\n      - { cause: vpn-twin, likelihood: likely }'));
    expect(problemsOf(files)).toEqual([
      `causes/vpn-twin.yaml:${positionOf(twin, 'evidence').line}:1 vpn-twin: cannot be told apart from "unstable-vpn": both follow from "rdp-0x904" and no question or error separates them (give one of them evidence on a question that tells them apart)`,
    ]);
  });

  it('reports a malformed phrase pattern where it is written', async () => {
    const files = withFile(await knowledgeFiles(), 'questions.yaml', (t) => t.replace('phrases: { yes: [vpn, on vpn]', "phrases: { yes: [vpn, '(on|over vpn']"));
    const { line } = positionOf(textOf(files, 'questions.yaml'), "'(on|over vpn'");
    expect(problemsOf(files)).toEqual([expect.stringMatching(new RegExp(`^questions.yaml:${line}:\\d+ uses-vpn: "\\(on\\|over vpn" is not a valid phrase pattern`))]);
  });

  it('reports a plain value cut short by " #" (a YAML comment) where it is written', async () => {
    const files = withFile(await knowledgeFiles(), 'fixes/renew-rdp-certificate.yaml', (t) => t.replace('\nsources:', '\ntried:\n  - (since|after) [the] # (x) got installed\nsources:'));
    const { line } = positionOf(textOf(files, 'fixes/renew-rdp-certificate.yaml'), '(since|after) [the] #');
    expect(problemsOf(files)).toEqual([expect.stringMatching(new RegExp(`^fixes/renew-rdp-certificate.yaml:${line}:\\d+: "\\(since\\|after\\) \\[the\\]" is followed by a comment`))]);
    // Quoted, the # is part of the value (and "#" is any number in a phrase).
    const quoted = withFile(await knowledgeFiles(), 'fixes/renew-rdp-certificate.yaml', (t) => t.replace('\nsources:', '\ntried:\n  - "listens on port # instead"\nsources:'));
    expect(compileKnowledge(quoted).problems.map(formatProblem)).toEqual([]);
  });

  it('reports a malformed `tried` phrase of a fix where it is written', async () => {
    const files = withFile(await knowledgeFiles(), 'fixes/renew-rdp-certificate.yaml', (t) => t.replace('\nsources:', '\ntried:\n  - "(deleted|removed the cert"\nsources:'));
    const { line } = positionOf(textOf(files, 'fixes/renew-rdp-certificate.yaml'), '"(deleted|removed the cert"');
    expect(problemsOf(files)).toEqual([expect.stringMatching(new RegExp(`^fixes/renew-rdp-certificate.yaml:${line}:\\d+ renew-rdp-certificate: "\\(deleted\\|removed the cert" is not a valid phrase pattern`))]);
  });

  it('reports a message the conversation needs but the file lacks, and one it never uses', async () => {
    const files = withFile(await knowledgeFiles(), 'messages.yaml', (t) => t.replace(/\n  resolved: .*\n/, '\n  resolvd: typo\n'));
    const text = textOf(files, 'messages.yaml');
    expect(problemsOf(files)).toEqual([
      `messages.yaml:${positionOf(text, 'greeting').line}:3: missing message "resolved" (the conversation uses it)`,
      `messages.yaml:${positionOf(text, 'resolvd').line}:3: message "resolvd" is never used (remove it, or it is a typo of a used id)`,
    ]);
  });

  it('reports duplicate ids, a file named after another id and a missing file, all at once', async () => {
    let files = await knowledgeFiles();
    const copy = textOf(files, 'causes/unstable-vpn.yaml');
    files = withFile(files, 'causes/unstable-vpn-copy.yaml', () => copy);
    files = files.filter((f) => f.path !== 'messages.yaml');
    const problems = problemsOf(files);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^causes\/unstable-vpn-copy.yaml:\d+:5 unstable-vpn: duplicate cause id \(also defined at causes\/unstable-vpn.yaml:\d+\)$/),
        expect.stringMatching(/^causes\/unstable-vpn-copy.yaml:\d+:5 unstable-vpn: file name does not match the id/),
        'messages.yaml:1:1: required file is missing',
      ]),
    );
  });
});
