import type { ConversationReference } from 'botbuilder';
import type { HandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import type { Logger } from '../logger.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';

export type QueueWatchDeps = {
  desk: HandoffDesk;
  timeoutMs: number;
  /** Outside the desk's hours: when a person will be back (see HandoffCoordinator.closedUntil). */
  closedUntil: (locale: string) => string | undefined;
  notice: (reference: Partial<ConversationReference>, text: string) => Promise<void>;
  say: Wording;
  logger: Logger;
  now?: () => Date;
};

export type QueueWatch = { run(): Promise<void>; start(intervalMs: number): NodeJS.Timeout };

/**
 * Queue time-out (QUEUE_TIMEOUT_MINUTES): a person waiting that long without an agent is told, once, that
 * they stay in the queue and can come back to the chat (or when the desk opens again, if it has closed),
 * with their ticket number when there is one. The case stays queued.
 */
export function createQueueWatch(deps: QueueWatchDeps): QueueWatch {
  const { say } = deps;
  const run = async (): Promise<void> => {
    const now = deps.now?.() ?? new Date();
    for (const c of await deps.desk.list()) {
      if (c.status !== 'queued' || c.waitNoticeAt || now.getTime() - Date.parse(c.queuedAt) < deps.timeoutMs) continue;
      if (!(await deps.desk.markWaitNotice(c.id))) continue;
      const when = deps.closedUntil(c.locale);
      const lines = [when ? say('desk-closed', { when }) : say('queue-timeout')];
      if (c.ticket) lines.push(say('ticket-created', { number: c.ticket.number }));
      await deps.notice(c.reference, lines.join('\n\n')).catch((error: unknown) => deps.logger.warn({ err: error, caseId: c.id }, 'queue time-out notice not delivered'));
      deps.logger.info({ caseId: c.id, waitedMs: now.getTime() - Date.parse(c.queuedAt) }, 'queue time-out notice');
    }
  };
  return {
    run,
    start(intervalMs) {
      const timer = setInterval(() => void run().catch((error: unknown) => deps.logger.error({ err: error }, 'queue time-out check failed')), intervalMs);
      timer.unref();
      return timer;
    },
  };
}
