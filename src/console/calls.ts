// The console's call history and impact panel: a workspace's calls (filtered by number, contact and date; a `user`
// sees only the calls that rang them), and the impact of the settings as edited on the workspace's recent calls,
// before saving. Both read the call history (src/calls/history) from the store the functions write to.
import { CallHistory, type HistoryCall } from '../calls/history';
import { IMPACT_DEFAULT_DAYS, impactSince, pastCalls } from '../calls/impact';
import { callHistoryTtlSeconds, isCallSid } from '../calls/call-log';
import type { HistoryRow } from '../calls/history-index';
import { HistoryCursorError, HistoryReader } from '../calls/history-read';
import { callsPage, recentForImpact } from '../calls/history-views';
import { replayImpact } from '../routing/impact';
import { E164_PATTERN } from '../config/constants';
import type { User } from '../config/types';
import { isRecordingSid, recordingLink, recordingLinkSecret } from '../notify/recording-link';
import { parseClientIdentity } from '../flows/outbound-call';
import { canWrite, type Membership } from './access';
import { refuse, type ConsoleAction, type ConsoleReply, type ConsoleRequest } from './handler';
import { contactNames } from './contact-name';
import { bundleWithDraft, consoleStore, readWorkspace } from './settings';

function historyOf(request: ConsoleRequest): CallHistory {
  return new CallHistory(
    request.services.state,
    request.services.shards,
    request.log,
    request.services.mode === 'sync' ? 'Sync' : 'the local state folder',
  );
}

/** Whether the call rang this user: the users its route rang, or (calls recorded before that was kept) its legs. */
export function rangUser(call: HistoryCall, workspaceId: string, user: Pick<User, 'id' | 'phone'>): boolean {
  const route = call.route;
  if (!route) return false;
  if (route.rungUsers) return route.rungUsers.includes(user.id);
  return route.legs.some((leg) => {
    const app = parseClientIdentity(leg);
    return app ? app.workspace === workspaceId && app.user === user.id : user.phone !== null && leg === `number:${user.phone}`;
  });
}

/** Who may see which calls: an admin every call of the workspace, a user those that rang them. */
function visibleTo(membership: Membership, workspaceId: string, users: readonly User[]): (call: HistoryCall) => boolean {
  if (membership.role === 'admin') return () => true;
  const user = users.find((candidate) => candidate.id === membership.user);
  return user ? (call) => rangUser(call, workspaceId, user) : () => false;
}

/**
 * The call with a link the page's player can open for its voicemail: the signed, expiring link of the `recording`
 * function (a recording's own URL needs the account's credentials). Relative: the page and the function share a host.
 */
function withListenLink(entry: HistoryCall, request: ConsoleRequest): HistoryCall & { voicemail?: { listen?: string | null } } {
  if (!entry.voicemail) return entry;
  const secret = recordingLinkSecret(request.env);
  const sid = entry.voicemail.recordingSid;
  const listen = secret && isRecordingSid(sid) ? recordingLink('', secret, sid, request.now) : null;
  return { ...entry, voicemail: { ...entry.voicemail, listen } };
}

/** The most calls one page of the console lists (newest first). */
export const CONSOLE_PAGE_LIMIT = 50;

/**
 * console-calls: `workspace`, optional `number`, `contact` (E.164), `since` (ISO), `cursor` (from the page before) and
 * `limit` (1..50): a page of calls from the history index, newest first, and the cursor of the next; or `call` (a
 * CallSid): that one call's whole record. Each a bounded number of Sync requests, whatever the history holds.
 */
export const listCalls: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const snapshot = await readWorkspace(consoleStore(request.env, request.services, request.assets).store, workspaceId);
  const membership = snapshot ? request.confirm(snapshot.workspace) : null;
  if (!snapshot || !membership) return refuse(403, 'You do not have access to that workspace.');
  const { timeZone, users } = snapshot.workspace;
  const { number, contact, since, cursor, call } = request.params;
  if (call !== undefined)
    return oneCall(
      request,
      workspaceId,
      call,
      visibleTo(membership, workspaceId, users),
      timeZone,
      contactNames(snapshot.workspace.contacts),
    );
  for (const [name, value] of [
    ['Number', number],
    ['Contact', contact],
  ] as const) {
    if (value && !E164_PATTERN.test(value))
      return refuse(400, `${name} must be a phone number with its country code, such as +15551230000.`);
  }
  const sinceDate = since ? new Date(since) : undefined;
  if (sinceDate && Number.isNaN(sinceDate.getTime())) return refuse(400, 'Since must be a date such as 2026-11-20.');
  const limit = Number(request.params.limit ?? CONSOLE_PAGE_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > CONSOLE_PAGE_LIMIT)
    return refuse(400, `limit must be a whole number from 1 to ${CONSOLE_PAGE_LIMIT}`);
  const rangUserRow = rowVisibleTo(membership, users);
  let page;
  try {
    page = await callsPage(new HistoryReader(request.services.state), workspaceId, timeZone, request.now, retentionDays(request), {
      ...(cursor ? { cursor } : {}),
      limit,
      ...(sinceDate ? { since: sinceDate } : {}),
      accept: (row) => (!number || row.t === number) && (!contact || row.f === contact) && rangUserRow(row),
    });
  } catch (error) {
    if (error instanceof HistoryCursorError) return refuse(400, error.message);
    throw error;
  }
  // Each caller by name when a contact of the workspace (the contacts helper's callerName).
  const names = contactNames(snapshot.workspace.contacts);
  const calls = page.calls.map((row) => ({ ...row, callerName: names.get(row.route.from) ?? null }));
  return { json: { calls, next: page.next, limit, total: null, timeZone } };
};

const retentionDays = (request: ConsoleRequest): number => callHistoryTtlSeconds(request.env.CALL_HISTORY_DAYS) / 86_400;

/** Who may see which rows: an admin every call, a user the calls that rang them (or that they answered). */
function rowVisibleTo(membership: Membership, users: readonly User[]): (row: HistoryRow) => boolean {
  if (membership.role === 'admin') return () => true;
  const user = users.find((candidate) => candidate.id === membership.user);
  return user ? (row) => row.n.includes(user.id) || row.u === user.id : () => false;
}

/** One call's whole record (its shard of the call log: one or two requests), when this member may see it. */
async function oneCall(
  request: ConsoleRequest,
  workspaceId: string,
  callSid: string,
  visible: (call: HistoryCall) => boolean,
  timeZone: string,
  names: ReadonlyMap<string, string>,
): Promise<ConsoleReply> {
  if (!isCallSid(callSid)) return refuse(400, 'call must be a call SID such as CA followed by 32 letters and digits.');
  const found = await historyOf(request).show(callSid, [workspaceId]);
  const shown =
    found && found.workspace === workspaceId && visible(found)
      ? { ...withListenLink(found, request), callerName: names.get(found.route?.from ?? '') ?? null }
      : null;
  return { json: { call: shown, timeZone } };
}

/** console-impact: the workspace as edited (`draft`, JSON) replayed against its calls of the last `days` (default 7). */
export const impactOfDraft: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const { store } = consoleStore(request.env, request.services, request.assets);
  const loaded = await store.load();
  const index = loaded.bundle.workspaces.findIndex((candidate) => candidate.id === workspaceId);
  const current = loaded.bundle.workspaces[index];
  if (!current || !canWrite(request.confirm(current)))
    return refuse(403, 'Only an admin of this workspace can check the impact of a change.');
  let draft: unknown;
  try {
    draft = JSON.parse(request.params.draft ?? '');
  } catch {
    return refuse(400, 'draft must be the workspace as JSON text');
  }
  const days = Number(request.params.days ?? IMPACT_DEFAULT_DAYS);
  if (!Number.isInteger(days) || days < 1 || days > 365) return refuse(400, 'days must be a whole number from 1 to 365');
  const checked = bundleWithDraft(loaded, index, draft);
  if (checked.status === 'invalid')
    return { status: 422, json: { error: 'Fix the problems shown before checking the impact.', problems: checked.problems } };
  // The whole configuration (a forward to another workspace's number is still a loop), this workspace's recent calls
  // from the history index (a bounded read: `unread` says how many of the period's calls it did not reach).
  const since = impactSince(request.now, days);
  const recent = await recentForImpact(new HistoryReader(request.services.state), workspaceId, current.timeZone, request.now, since);
  const report = replayImpact(pastCalls(recent.calls), checked.bundle);
  // Each changed call's caller by name when a contact (the contacts as stored: a draft never carries its own).
  const names = contactNames(checked.bundle.workspaces[index]!.contacts);
  const changes = report.changes.map((change) => ({ ...change, callerName: names.get(change.from) ?? null }));
  return { json: { ...report, changes, since: since.toISOString(), unread: recent.unread } };
};
