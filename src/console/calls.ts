// The console's call history and impact panel: a workspace's calls (filtered by number, contact and date; a `user`
// sees only the calls that rang them), and the impact of the settings as edited on the workspace's recent calls,
// before saving. Both read the call history (src/calls/history) from the store the functions write to.
import { CallHistory, type HistoryCall } from '../calls/history';
import { IMPACT_DEFAULT_DAYS, impactOnHistory, impactSince } from '../calls/impact';
import { E164_PATTERN } from '../config/constants';
import type { User } from '../config/types';
import { isRecordingSid, recordingLink, recordingLinkSecret } from '../notify/recording-link';
import { parseClientIdentity } from '../flows/outbound-call';
import { canWrite, type Membership } from './access';
import { contactNames } from './contact-name';
import { refuse, type ConsoleAction, type ConsoleRequest } from './handler';
import { bundleWithDraft, consoleStore, readWorkspace } from './settings';

/** The most calls one page of the console lists (newest first). */
export const CONSOLE_CALLS_LIMIT = 200;

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

/**
 * console-calls: `workspace`, optional `number`, `contact` (E.164) and `since` (ISO); the newest calls first, each with
 * `callerName`: the caller's name when they are a contact of the workspace, else null.
 */
export const listCalls: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const snapshot = await readWorkspace(consoleStore(request.env, request.services, request.assets).store, workspaceId);
  const membership = snapshot ? request.confirm(snapshot.workspace) : null;
  if (!snapshot || !membership) return refuse(403, 'You do not have access to that workspace.');
  const { number, contact, since } = request.params;
  for (const [name, value] of [
    ['Number', number],
    ['Contact', contact],
  ] as const) {
    if (value && !E164_PATTERN.test(value))
      return refuse(400, `${name} must be a phone number with its country code, such as +15551230000.`);
  }
  const sinceDate = since ? new Date(since) : undefined;
  if (sinceDate && Number.isNaN(sinceDate.getTime())) return refuse(400, 'Since must be a date such as 2026-11-20.');
  const calls = await historyOf(request).list([workspaceId], {
    ...(number ? { number } : {}),
    ...(contact ? { contact } : {}),
    ...(sinceDate ? { since: sinceDate } : {}),
  });
  const shown = calls.filter(visibleTo(membership, workspaceId, snapshot.workspace.users));
  // A known caller by name (the workspace's contacts, read with it: no request more).
  const names = contactNames(snapshot.workspace.contacts);
  return {
    json: {
      calls: shown
        .slice(0, CONSOLE_CALLS_LIMIT)
        .map((entry) => ({ ...withListenLink(entry, request), callerName: names.get(entry.route?.from ?? '') ?? null })),
      total: shown.length,
      limit: CONSOLE_CALLS_LIMIT,
    },
  };
};

/**
 * console-impact: the workspace as edited (`draft`, JSON) replayed against its calls of the last `days` (default 7);
 * each call that would change with `callerName`, as console-calls has it.
 */
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
  // The whole configuration (a forward to another workspace's number is still a loop), this workspace's calls.
  const report = await impactOnHistory(historyOf(request), checked.bundle, impactSince(request.now, days), [workspaceId]);
  // Each changed call's caller by name when a contact (the contacts as stored: a draft never carries its own).
  const names = contactNames(checked.bundle.workspaces[index]!.contacts);
  return { json: { ...report, changes: report.changes.map((change) => ({ ...change, callerName: names.get(change.from) ?? null })) } };
};
