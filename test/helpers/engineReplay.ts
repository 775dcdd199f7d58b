// Replays a fixed population of people through the engine and records every transition's effects, so a change
// meant to make the engine faster can prove it decides exactly as before (test/dialogs/diagnosis/engineReplay.test.ts).
// `node test/helpers/engineReplay.ts --write` records test/fixtures/engine-replay.json.gz from the engine as it is;
// do that only when the knowledge or the decision policy changes on purpose.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { createAssistantDiagnoser } from '../../bot/diagnoser.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { rng } from '../../bench/simulatedPerson.ts';
import { conversationScripts } from '../../bench/traffic.ts';
import type { Diagnoser } from '../../dialogs/diagnosis/diagnoser.ts';
import { transition, type Effect } from '../../dialogs/diagnosis/engine.ts';
import type { Cause } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import { addOutcome, EMPTY_STATS, learnedPriors } from '../../dialogs/diagnosis/model/learning.ts';
import { newSession, type Session, type TurnInput } from '../../dialogs/diagnosis/session.ts';

export const REPLAY_FILE = path.resolve(import.meta.dirname, '../fixtures/engine-replay.json.gz');
const MAX_TURNS = 25;
const PEOPLE_PER_CAUSE = 12;

/** One conversation: what was sent each turn, the effects the engine returned, and the session it ended in. */
export type Replayed = { id: string; turns: Array<{ input: TurnInput; effects: Effect[] }>; session: Session };
export type Replay = { knowledgeHash: string; conversations: Replayed[] };

type Next = (effects: Effect[], session: Session) => TurnInput | undefined;

function play(d: Diagnoser, id: string, opening: TurnInput, next: Next, priors?: ReadonlyMap<string, number>): Replayed {
  let session = newSession();
  const turns: Replayed['turns'] = [];
  let input: TurnInput | undefined = opening;
  while (input && turns.length < MAX_TURNS) {
    const out = transition(d, session, { kind: 'message', input }, priors);
    turns.push({ input, effects: out.effects });
    session = out.session;
    input = next(out.effects, session);
  }
  return { id, turns, session };
}

const said = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'say' ? [e.reply] : []));
const handedOff = (effects: Effect[]): boolean => effects.some((e) => e.kind === 'hand-off');

/** A person with `cause` answering as the knowledge's likelihoods say (as bench:diagnosis), with a "why?" now and then. */
function likelihoodPerson(d: Diagnoser, cause: Cause, random: () => number): Next {
  const { knowledge } = d;
  return (effects, session) => {
    if (handedOff(effects)) return undefined;
    const reply = said(effects).find((r) => r.kind === 'fix' || r.kind === 'question' || r.kind === 'offer-agent');
    if (reply?.kind === 'offer-agent') return { text: 'no thanks' };
    if (session.phase === 'verifying' && reply?.kind !== 'fix') return { text: session.proposal?.causeIds.includes(cause.id) ? 'yes it works' : 'no' };
    if (random() < 0.05) return { text: random() < 0.5 ? 'why?' : 'help' };
    if (reply?.kind === 'fix') return reply.causeIds.includes(cause.id) ? undefined : { text: random() < 0.5 ? 'no' : 'still the same error' };
    if (reply?.kind !== 'question') return { text: 'not sure' };
    const question = knowledge.questions.find((q) => q.id === reply.questionId);
    if (!question || random() < question.unsureRate) return { text: "I'm not sure" };
    if (question.kind === 'error-code') {
      const [errorId] = [...(d.errorTable.get(cause.id) ?? [])].find(([, p], i, all) => random() < p / all.slice(i).reduce((s, [, q]) => s + q, 0)) ?? [];
      const error = knowledge.errors.find((e) => e.id === errorId);
      return { text: error?.generic ? "there's no code" : (error?.code?.hex ?? error?.messages[0] ?? 'not sure') };
    }
    const yes = random() < (cause.evidence[question.id] ?? question.otherwise);
    return random() < 0.3 ? { text: yes ? 'yes' : 'no', value: { questionId: question.id, answer: yes ? 'yes' : 'no' } } : { text: yes ? 'yep' : 'nope' };
  };
}

/** Texts sent one after another whatever the bot says (the bench's traffic, the transcripts). */
function scripted(inputs: TurnInput[]): Next {
  let n = 1;
  return () => inputs[n++];
}

type Scenario = { id: string; opening: string; facts: Record<string, string>; expect: { fix?: string } };
const TOPICS: Record<string, string> = {
  'error-code': 'error_code', 'is-azure-vm': 'azure', 'uses-vpn': 'vpn', 'has-third-party-antivirus': 'antivirus', 'recent-windows-upgrade': 'os_upgrade',
  'firewall-blocking': 'firewall_blocks', 'certificate-expired': 'certificate_expired', 'nla-required': 'nla', 'same-network': 'same_network',
  'host-pings': 'can_ping', 'home-edition': 'home_edition', 'uses-rd-gateway': 'gateway', 'other-clients-work': 'other_clients_work', 'credential-prompt': 'credentials_prompt',
};

/** A scenario-set person: answers from the fact sheet in a few phrasings, declines wrong fixes. */
function scenarioPerson(scenario: Scenario): Next {
  return (effects) => {
    if (handedOff(effects)) return undefined;
    const reply = said(effects).find((r) => r.kind === 'fix' || r.kind === 'question');
    if (reply?.kind === 'fix') return reply.causeIds.includes(scenario.expect.fix ?? '') ? undefined : { text: "no, that didn't help" };
    if (reply?.kind !== 'question') return { text: 'not sure' };
    const fact = scenario.facts[TOPICS[reply.questionId] ?? ''] ?? 'unsure';
    if (fact === 'yes') return { text: 'yes, it is' };
    if (fact === 'no') return { text: "no, it isn't" };
    return { text: fact === 'unsure' ? "I'm not sure" : `it's ${fact}` };
  };
}

/** The held-out sets in the repository (the shared dev set lives outside it, so a fresh clone could not replay it). */
function scenarioFiles(): string[] {
  return ['people.json', 'forum.json'].map((f) => path.resolve(import.meta.dirname, '../scenarios', f));
}

function transcripts(): Array<{ name: string; inputs: TurnInput[] }> {
  const dir = path.resolve(import.meta.dirname, '../dialogs/transcripts');
  return readdirSync(dir).map((file) => {
    const doc = parse(readFileSync(path.join(dir, file), 'utf8')) as { steps: Array<{ user?: string; click?: TurnInput['value'] }> };
    return { name: file, inputs: doc.steps.map((s) => ({ text: s.user ?? '', ...(s.click ? { value: s.click } : {}) })) };
  });
}

/** Plays everyone: people per cause (plain and with learned priors), the bench's traffic, the scenario sets, the transcripts. */
export function replayAll(d: Diagnoser, scenarioSets = scenarioFiles()): Replayed[] {
  const { knowledge } = d;
  const out: Replayed[] = [];
  const random = rng(20261202);
  let stats = EMPTY_STATS;
  knowledge.causes.forEach((cause, i) => (stats = addOutcome(stats, [cause.id], i % 3 === 0)));
  const priors = learnedPriors(knowledge.causes, stats);
  for (const [variant, p] of [['plain', undefined], ['learned', priors]] as const) {
    for (const cause of knowledge.causes) {
      for (let n = 0; n < PEOPLE_PER_CAUSE; n += 1) {
        out.push(play(d, `${variant}/${cause.id}/${n}`, { text: n % 2 ? 'remote desktop does not work' : 'rdp fails, no idea why' }, likelihoodPerson(d, cause, random), p));
      }
    }
  }
  conversationScripts(knowledge, 150).forEach((texts, i) => {
    const inputs = texts.map((text) => ({ text }));
    out.push(play(d, `traffic/${i}`, inputs[0] ?? { text: '' }, scripted(inputs)));
  });
  for (const file of scenarioSets) {
    const { scenarios } = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Scenario[] };
    for (const s of scenarios) out.push(play(d, `${path.basename(file)}/${s.id}`, { text: s.opening }, scenarioPerson(s)));
  }
  for (const t of transcripts()) out.push(play(d, `transcript/${t.name}`, t.inputs[0] ?? { text: '' }, scripted(t.inputs)));
  return out;
}

/** The recorded replay. */
export function readReplay(): Replay {
  return JSON.parse(gunzipSync(readFileSync(REPLAY_FILE)).toString('utf8')) as Replay;
}

if (import.meta.main && process.argv.includes('--write')) {
  const loaded = await loadKnowledge();
  const replay: Replay = { knowledgeHash: loaded.hash, conversations: replayAll(createAssistantDiagnoser(loaded.knowledge)) };
  writeFileSync(REPLAY_FILE, gzipSync(JSON.stringify(replay), { level: 9 }));
  console.log(`${replay.conversations.length} conversations, ${replay.conversations.reduce((s, c) => s + c.turns.length, 0)} turns -> ${REPLAY_FILE}`);
}
