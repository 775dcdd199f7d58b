import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { ticketTexts } from './ticketText.ts';
import { fetchTicketApi, TicketError, type TicketClient } from './ticketTypes.ts';

export type ServiceNowOptions = { instanceUrl: string; username: string; password: string; assignmentGroup: string; say: Wording };

/**
 * ServiceNow incidents through the Table API: the caller is looked up in sys_user by email (left empty and
 * named in the description when unknown), short description from the diagnosis, work notes with the
 * diagnosis and the transcript. Authenticates as an integration user (HTTP Basic).
 */
export function createServiceNowClient(options: ServiceNowOptions): TicketClient {
  const base = options.instanceUrl.replace(/\/+$/, '');
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
  };
  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    const response = await fetchTicketApi(`${base}${path}`, { ...init, headers });
    if (!response.ok) throw new TicketError(`ServiceNow answered ${response.status}`, response.status);
    return response.json();
  };
  const callerId = async (email: string | undefined): Promise<string | undefined> => {
    // Only a plain address goes into the encoded query: ^ , = would add conditions of the caller's choosing.
    if (!email || !/^[^\s^,=]+@[^\s^,=]+$/.test(email)) return undefined;
    const query = new URLSearchParams({ sysparm_query: `email=${email}`, sysparm_fields: 'sys_id', sysparm_limit: '1' });
    const found = (await call(`/api/now/table/sys_user?${query.toString()}`)) as { result?: Array<{ sys_id?: string }> };
    return found.result?.[0]?.sys_id;
  };
  return {
    system: 'servicenow',
    async create(handoffCase: HandoffCase) {
      const { shortDescription, workNotes } = ticketTexts(handoffCase, options.say);
      const person = handoffCase.requester;
      const caller = await callerId(person?.email);
      const body = {
        short_description: shortDescription,
        description: options.say('desk-ticket-description', { caller: [person?.name, person?.email].filter(Boolean).join(' ') || options.say('desk-unknown'), channel: handoffCase.channelId, id: handoffCase.id }),
        work_notes: workNotes,
        contact_type: 'chat',
        ...(caller ? { caller_id: caller } : {}),
        ...(options.assignmentGroup ? { assignment_group: options.assignmentGroup } : {}),
      };
      const created = (await call('/api/now/table/incident?sysparm_fields=number,sys_id', { method: 'POST', body: JSON.stringify(body) })) as { result?: { number?: string; sys_id?: string } };
      const { number, sys_id: sysId } = created.result ?? {};
      if (!number || !sysId) throw new TicketError('ServiceNow answered without an incident number');
      return { system: 'servicenow', number, url: `${base}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${sysId}`)}` };
    },
  };
}
