import type { CaseTicket, HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';

export type Ticket = CaseTicket;

/** Creates one ticket for a desk case; throws TicketError when the ticket system did not take it. */
export type TicketClient = { system: Ticket['system']; create(handoffCase: HandoffCase): Promise<Ticket> };

/** The ticket system answered with an error status, or could not be reached (status undefined). */
export class TicketError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'TicketError';
    this.status = status;
  }
}

const TIMEOUT_MS = 10_000;

/** fetch with a time limit; a network failure or time-out becomes a TicketError without a status. */
export async function fetchTicketApi(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new TicketError(`ticket system unreachable: ${error instanceof Error ? error.name : 'error'}`);
  }
}
