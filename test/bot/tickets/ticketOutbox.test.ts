import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bot/config.ts';
import { createLogger } from '../../../bot/logger.ts';
import { OUTBOX_KEY, TicketOutbox } from '../../../bot/tickets/ticketOutbox.ts';
import { TicketError, type TicketClient } from '../../../bot/tickets/ticketTypes.ts';
import type { DiagnosisSummary } from '../../../dialogs/diagnosis/summary.ts';
import { HandoffDesk } from '../../../dialogs/handoff/handoffDesk.ts';

const diagnosis: DiagnosisSummary = { reason: 'requested', errorCodes: { main: [], extended: [], unknown: [] }, errors: [], facts: [], unsure: [], ruledOut: [], fixesTried: [], topCauses: [] };

describe('TicketOutbox', () => {
  it('keeps a case through an outage, backing off exponentially, across a restart', async () => {
    const storage = new MemoryStorage();
    const desk = new HandoffDesk(storage);
    const { handoffCase } = await desk.open({ reference: {}, channelId: 'webchat', locale: 'en-US', diagnosis: { ...diagnosis }, transcript: [] });
    let now = 1_000_000;
    let attempts = 0;
    const down: TicketClient = {
      system: 'webhook',
      create: async () => {
        attempts += 1;
        throw new TicketError('down', 502);
      },
    };
    const make = (client: TicketClient) => new TicketOutbox({ storage, desk, client, logger: createLogger('silent'), notify: async () => undefined, baseDelayMs: 1000, maxDelayMs: 8000, now: () => now });
    const outbox = make(down);
    expect(await outbox.open(handoffCase)).toBeUndefined();
    const gaps: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const item = ((await storage.read([OUTBOX_KEY]))[OUTBOX_KEY] as { items: Array<{ nextAt: number }> }).items[0];
      if (!item) throw new Error('case left the outbox');
      gaps.push(item.nextAt - now);
      await outbox.runDue();
      now = item.nextAt;
      await outbox.runDue();
    }
    // base × 2^n with ±20 % jitter, capped at maxDelayMs
    [1000, 2000, 4000, 8000, 8000].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected * 0.8);
      expect(gaps[i]).toBeLessThanOrEqual(expected * 1.2);
    });
    expect(attempts).toBe(6);
    const notified: string[] = [];
    const restarted = new TicketOutbox({ storage, desk, client: { system: 'webhook', create: async () => ({ system: 'webhook', number: 'T-1' }) }, logger: createLogger('silent'), notify: async (_c, t) => void notified.push(t.number), baseDelayMs: 1000, now: () => now + 60_000 });
    expect(await restarted.health()).toMatchObject({ pending: 1, status: 'retrying', lastError: 'HTTP 502' });
    await restarted.runDue();
    expect(notified).toEqual(['T-1']);
    expect((await desk.get(handoffCase.id))?.ticket).toEqual({ system: 'webhook', number: 'T-1' });
    expect(await restarted.health()).toMatchObject({ pending: 0, status: 'ok' });
  });
});

describe('ticket configuration', () => {
  it('reports every missing or unsafe ticket setting at once', () => {
    expect(() => loadConfig({ TICKETS: 'servicenow', SERVICENOW_INSTANCE_URL: 'http://contoso.service-now.com' })).toThrow(
      /SERVICENOW_INSTANCE_URL: must be an https URL[\s\S]*SERVICENOW_USERNAME: is required[\s\S]*SERVICENOW_PASSWORD: is required/,
    );
    expect(() => loadConfig({ TICKETS: 'webhook', TICKET_WEBHOOK_SECRET: 'short' })).toThrow(/TICKET_WEBHOOK_URL: is required[\s\S]*TICKET_WEBHOOK_SECRET: must be at least 32/);
    expect(loadConfig({}).tickets).toEqual({ kind: 'off', retrySeconds: 30 });
  });
});
