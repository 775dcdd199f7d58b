import { EventFactory, TurnContext, type Activity } from 'botbuilder';
import type { Diagnoser } from '../diagnosis/diagnoser.ts';
import { redactSecrets } from '../diagnosis/redact.ts';
import type { AgentEvent, HandoffReason, Session } from '../diagnosis/session.ts';
import { summarise, type DiagnosisSummary } from '../diagnosis/summary.ts';
import { wordingOf } from '../diagnosis/wording.ts';
import { sendAccepted } from '../channelRefusals.ts';
import { CaseStateError, type CaseMessage, type CaseTicket, type HandoffCase, type HandoffDesk } from './handoffDesk.ts';
import { describeOpening, isOpen, nextOpening, type OpeningHours } from './openingHours.ts';
import { whoIsAsking } from './requester.ts';
import { contextVariables, messageToAgent, platformActivities, type HandoffTarget } from './platforms.ts';

/** turnState key under which an in-process agent-desk continuation carries its event (never set by a channel). */
export const AGENT_EVENT = Symbol('agentDeskEvent');

export type HandoffCoordinatorDeps = {
  diagnoser: Diagnoser;
  desk: HandoffDesk;
  target: HandoffTarget;
  /** Channel ids where a Direct Line hub listens for handoff.initiate (Teams answers 400 to events). */
  eventChannels: readonly string[];
  /** Opens a ticket for a queued case (TICKETS); undefined = not yet, it is retried and the person told later. */
  openTicket?: (handoffCase: HandoffCase) => Promise<CaseTicket | undefined>;
  /** Tells the help desk someone queued (HANDOFF_NOTIFY_URL); never throws. */
  announce?: (handoffCase: HandoffCase) => Promise<void>;
  /** When people staff the desk (DESK_HOURS); undefined = always. */
  hours?: OpeningHours;
  now?: () => Date;
};

/**
 * What a started hand-off came to: queued on the built-in desk, whether the platform refused it, and the
 * ticket ('pending' while the ticket system is retried).
 */
export type HandoffOutcome = { queued?: AgentEvent; platformRefused: boolean; ticket?: CaseTicket | 'pending'; closedUntil?: string };

/**
 * Runs a hand-off: sends handoff.initiate (structured diagnosis, MessageToAgent, flat Context, transcript)
 * where a Direct Line hub listens, and whatever the target platform needs; queues the person on the
 * built-in desk when that is the target or the platform's channel refused the hand-off, and keeps the desk
 * case in step with what the person says and does.
 */
export class HandoffCoordinator {
  readonly #deps: HandoffCoordinatorDeps;

  constructor(deps: HandoffCoordinatorDeps) {
    this.#deps = deps;
  }

  /** Sends the hand-off for this channel and target; a refused send never throws, it queues on the desk. */
  async start(context: TurnContext, session: Session, reason: HandoffReason, transcript: CaseMessage[], priors?: ReadonlyMap<string, number>): Promise<HandoffOutcome> {
    const diagnosis = summarise(this.#deps.diagnoser, session, reason, priors);
    const { channelId, locale = 'en-US' } = context.activity;
    const say = wordingOf(this.#deps.diagnoser.knowledge);
    if (this.#deps.eventChannels.includes(channelId)) {
      // botframework-schema's Activity marks every field required; transcript entries carry only what an agent reads.
      const activities = transcript.map((line) => ({ type: 'message', text: line.text, timestamp: line.at, from: { id: line.from, name: line.from, role: line.from === 'user' ? 'user' : 'bot' } })) as unknown as Activity[];
      const handoffContext = {
        diagnosis,
        channel: channelId,
        locale,
        MessageToAgent: messageToAgent(say, diagnosis, channelId),
        Context: { ...contextVariables(diagnosis), rdp_channel: channelId, rdp_locale: locale },
      };
      // A refused event is logged by the adapter; the desk or the platform message below still carries the hand-off.
      await sendAccepted(context, [EventFactory.createHandoffInitiation(context, handoffContext, { activities })]);
    }
    const platformTook = await sendAccepted(context, platformActivities(this.#deps.target, diagnosis, say('handoff-escalation')));
    if (this.#deps.target !== 'desk' && platformTook) return { platformRefused: false };
    return { ...(await this.#open(context, diagnosis, transcript)), platformRefused: !platformTook };
  }

  /** Puts the person on the built-in desk's queue (after a contact-centre platform failed). */
  async queue(context: TurnContext, session: Session, reason: HandoffReason, transcript: CaseMessage[], priors?: ReadonlyMap<string, number>): Promise<Omit<HandoffOutcome, 'platformRefused'>> {
    return this.#open(context, summarise(this.#deps.diagnoser, session, reason, priors), transcript);
  }

  async #open(context: TurnContext, diagnosis: DiagnosisSummary, transcript: CaseMessage[]): Promise<Omit<HandoffOutcome, 'platformRefused'>> {
    const requester = await whoIsAsking(context);
    const { handoffCase, position } = await this.#deps.desk.open({
      reference: TurnContext.getConversationReference(context.activity),
      channelId: context.activity.channelId,
      locale: context.activity.locale ?? 'en-US',
      ...(requester ? { requester } : {}),
      diagnosis,
      transcript,
    });
    const queued: AgentEvent = { kind: 'queued', caseId: handoffCase.id, position };
    const ticket = this.#deps.openTicket ? ((await this.#deps.openTicket(handoffCase)) ?? 'pending') : undefined;
    await this.#deps.announce?.(ticket && ticket !== 'pending' ? { ...handoffCase, ticket } : handoffCase);
    const closedUntil = this.closedUntil(context.activity.locale ?? 'en-US');
    return { queued, ...(ticket ? { ticket } : {}), ...(closedUntil ? { closedUntil } : {}) };
  }

  /** Outside DESK_HOURS: when a person will be back, worded for the person's locale; undefined while staffed. */
  closedUntil(locale: string): string | undefined {
    const { hours } = this.#deps;
    const now = this.#deps.now?.() ?? new Date();
    if (!hours || isOpen(hours, now)) return undefined;
    const opens = nextOpening(hours, now);
    return opens ? describeOpening(hours, opens, locale) : hours.zone;
  }

  /** Adds the person's words to the case (a case that just ended is no error: the agent left a moment ago). */
  async relay(caseId: string, text: string): Promise<void> {
    await this.#deps.desk.addMessage(caseId, { from: 'user', text: redactSecrets(text) }).catch(ignoreEnded);
  }

  async close(caseId: string): Promise<void> {
    await this.#deps.desk.end(caseId).catch(ignoreEnded);
  }
}

function ignoreEnded(error: unknown): void {
  if (!(error instanceof CaseStateError)) throw error;
}
