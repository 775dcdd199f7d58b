import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Cause } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { caseLines, describeReason } from '../../dialogs/handoff/deskWording.ts';
import { redactSecrets } from '../../dialogs/diagnosis/redact.ts';
import { CaseStateError, type HandoffCase, type HandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import type { Logger } from '../logger.ts';
import { DeliveryRefusedError, type AgentDelivery } from '../proactive.ts';
import { RateLimitedError, sendRateLimited } from '../rateLimit.ts';
import { isStorageUnavailable } from '../storage/storeErrors.ts';
import { respondUnavailable } from '../storage/respondUnavailable.ts';
import { refuse, type Agent, type AgentAuth } from './agentAuth.ts';
import { renderAgentPage } from './agentPage.ts';
import type { EntraSignIn } from './entraSignIn.ts';
import { renderMarkdown } from './renderMarkdown.ts';

export type AgentDeskDeps = { desk: HandoffDesk; auth: AgentAuth; signIn?: EntraSignIn; deliver: AgentDelivery; causes: readonly Cause[]; say: Wording; lang: string; logger: Logger };

const MAX_MESSAGE = 4000;

type Handler = (req: Request, res: Response, agent: Agent) => Promise<void>;

/** The agent desk: the /agent page and its JSON API, every route behind agent credentials. */
export function registerAgentDesk(server: Server, deps: AgentDeskDeps): void {
  const guarded =
    (handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      const agent =
        (await deps.auth.authenticate(req).catch((error: unknown) => {
          if (error instanceof RateLimitedError) return sendRateLimited(res, error.retryAfterSeconds);
          throw error;
        })) ?? (res.headersSent ? undefined : await deps.signIn?.sessionAgent(req));
      if (res.headersSent) return;
      if (!agent) return deps.signIn ? toSignIn(req, res) : refuse(res);
      try {
        await handler(req, res, agent);
      } catch (error) {
        if (error instanceof CaseStateError) {
          res.send(409, { error: error.message });
          return;
        }
        if (isStorageUnavailable(error)) return respondUnavailable(res);
        if (error instanceof DeliveryRefusedError) {
          // The desk's own step (accept, message, end) is recorded; only reaching the person failed.
          deps.logger.warn({ path: req.getPath(), status: error.status }, 'agent desk: delivery to the person refused');
          res.send(502, { error: `${error.message}; the desk has recorded it, try again or reach the person another way` });
          return;
        }
        deps.logger.error({ err: error, path: req.getPath() }, 'agent desk request failed');
        res.send(500, { error: 'internal error' });
      }
    };
  const caseOr404 = async (req: Request, res: Response): Promise<HandoffCase | undefined> => {
    const id: unknown = (req.params as Record<string, unknown>).id;
    const found = typeof id === 'string' ? await deps.desk.get(id) : undefined;
    if (!found) res.send(404, { error: 'no such conversation' });
    return found;
  };

  if (deps.signIn) registerSignIn(server, deps.signIn, deps.logger);
  server.get('/agent', guarded(async (_req, res, agent) => {
    const nonce = randomBytes(16).toString('base64');
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Cache-Control', 'no-store');
    res.header('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-ancestors 'none'`);
    res.sendRaw(200, renderAgentPage({ nonce, agent: agent.name, canSignOut: deps.signIn !== undefined, say: deps.say, lang: deps.lang }));
  }));
  server.get('/api/agent/events', guarded(async (req, res) => streamChanges(req, res, deps.desk)));
  server.get('/api/agent/causes', guarded(async (_req, res) => {
    res.send(200, deps.causes.map((c) => ({ id: c.id, title: c.title })));
  }));
  server.get('/api/agent/conversations', guarded(async (_req, res) => {
    const cases = await deps.desk.list();
    let position = 0;
    res.send(200, cases.map((c) => ({ ...overview(c), position: c.status === 'queued' ? (position += 1) : 0 })));
  }));
  server.get('/api/agent/conversations/:id', guarded(async (req, res) => {
    const found = await caseOr404(req, res);
    if (found) res.send(200, detail(found, deps.say));
  }));
  server.post('/api/agent/conversations/:id/accept', guarded(async (req, res, agent) => {
    const found = await caseOr404(req, res);
    if (!found) return;
    const accepted = await deps.desk.accept(found.id, agent.name);
    await deps.deliver(found.reference, { kind: 'agent-joined', agent: agent.name });
    deps.logger.info({ caseId: found.id, agent: agent.name }, 'agent accepted a conversation');
    res.send(200, detail(accepted, deps.say));
  }));
  server.post('/api/agent/conversations/:id/messages', guarded(async (req, res, agent) => {
    const found = await caseOr404(req, res);
    if (!found) return;
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_MESSAGE) {
      res.send(400, { error: `text must be 1 to ${MAX_MESSAGE} characters` });
      return;
    }
    if (found.status !== 'active') throw new CaseStateError(`conversation ${found.id} is ${found.status}; accept it first`);
    const updated = await deps.desk.addMessage(found.id, { from: 'agent', agent: agent.name, text: redactSecrets(text) });
    await deps.deliver(found.reference, { kind: 'agent-message', agent: agent.name, text });
    res.send(200, detail(updated, deps.say));
  }));
  server.post('/api/agent/conversations/:id/end', guarded(async (req, res, agent) => {
    const found = await caseOr404(req, res);
    if (!found) return;
    const causeId = (req.body as { causeId?: unknown } | undefined)?.causeId;
    const known = typeof causeId === 'string' && deps.causes.some((c) => c.id === causeId) ? causeId : undefined;
    const ended = await deps.desk.end(found.id, known);
    await deps.deliver(found.reference, { kind: 'agent-ended', ...(known ? { causeId: known } : {}) });
    deps.logger.info({ caseId: found.id, agent: agent.name, causeId: known }, 'agent ended a conversation');
    res.send(200, detail(ended, deps.say));
  }));
}

/** With Entra sign-in: the page goes to the sign-in; the API answers 401 without a Basic prompt. */
function toSignIn(req: Request, res: Response): void {
  if (req.getPath() === '/agent') {
    res.header('Location', '/agent/auth/login');
    res.header('Cache-Control', 'no-store');
    res.send(302);
    return;
  }
  res.send(401, { error: 'sign in at /agent' });
}

function registerSignIn(server: Server, signIn: EntraSignIn, logger: Logger): void {
  const safely = (step: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response): Promise<void> => {
    try {
      await step(req, res);
    } catch (error) {
      // The identity provider unreachable at sign-in: a 502 names it without its details.
      logger.error({ err: error, path: req.getPath() }, 'agent sign-in step failed');
      res.send(502, { error: 'the sign-in service is unreachable; try again shortly' });
    }
  };
  server.get('/agent/auth/login', safely((req, res) => signIn.login(req, res)));
  server.get('/agent/auth/callback', safely((req, res) => signIn.callback(req, res)));
  server.post('/agent/auth/logout', safely((req, res) => signIn.logout(req, res)));
}

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: one `change` event (data: the case id) per change on the desk, so the page updates
 * without polling; a comment every 15 s keeps proxies from closing an idle stream.
 */
function streamChanges(req: Request, res: Response, desk: HandoffDesk): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  res.write(': connected\n\n');
  const stop = desk.onChange((caseId) => res.write(`event: change\ndata: ${JSON.stringify({ caseId })}\n\n`));
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  req.once('close', () => {
    stop();
    clearInterval(heartbeat);
  });
}

function overview(c: HandoffCase): Record<string, unknown> {
  return {
    id: c.id,
    waitingSeconds: Math.max(0, Math.round((Date.parse(c.acceptedAt ?? new Date().toISOString()) - Date.parse(c.queuedAt)) / 1000)),
    status: c.status,
    channelId: c.channelId,
    requester: c.requester,
    ticket: c.ticket,
    queuedAt: c.queuedAt,
    agent: c.agent,
    reason: c.diagnosis.reason,
    errorCodes: c.diagnosis.errorCodes,
    topCause: c.diagnosis.topCauses[0],
  };
}

/** A case in full; `summary` and `reasonText` are the diagnosis in the knowledge's words, as tickets show it. */
function detail(c: HandoffCase, say: Wording): Record<string, unknown> {
  const rendered = (lines: HandoffCase['transcript']) => lines.map((line) => ({ ...line, html: renderMarkdown(line.text) }));
  const words = { summary: caseLines(say, c), reasonText: describeReason(say, c.diagnosis.reason) };
  return { ...overview(c), locale: c.locale, diagnosis: c.diagnosis, ...words, transcript: rendered(c.transcript), messages: rendered(c.messages), acceptedAt: c.acceptedAt, endedAt: c.endedAt };
}
