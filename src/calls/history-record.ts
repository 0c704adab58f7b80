// A call's row in the history index (./history-index), made from what the step that ends the call knows: its route
// entry (read once, shared with the notices), its dial's end, and whether the caller left a message. Written once per
// call, where its end is told (src/flows/call-notices tellOfCallEnd); never breaks the call.
import type { Workspace } from '../config/types';
import type { JsonObject } from '../state/store';
import type { DialEntry, RouteEntry } from './call-log';
import type { HistoryRow, RowOutcome } from './history-index';

/** The user a leg rang for, by app identity (`client:<ws>_<user>_<app>`) or the user's own phone; null: nobody's. */
export function userOfLegLabel(workspace: Pick<Workspace, 'id' | 'users'>, label: string | null | undefined): string | null {
  if (!label) return null;
  const client = /^client:([a-z0-9-]+)_([a-z0-9-]+)_(web|mobile)$/.exec(label);
  if (client) return client[1] === workspace.id ? client[2]! : null;
  const phone = label.startsWith('number:') ? label.slice('number:'.length) : null;
  const users = workspace.users.filter((user) => phone !== null && user.phone === phone);
  return users.length === 1 ? users[0]!.id : null;
}

/** How the call ended, as the row says it: its dial's outcome, else the route's (a reject; anything else that never dialled is missed). */
export function rowOutcome(route: RouteEntry, dial: DialEntry | null): RowOutcome {
  if (dial) return dial.outcome;
  return route.action === 'reject' ? 'rejected' : 'missed';
}

/** The row of a call from its route entry and its end; null for a call with no route (nothing to place it in time). */
export function historyRow(
  workspace: Pick<Workspace, 'id' | 'users'>,
  callSid: string,
  route: RouteEntry | null,
  dial: DialEntry | null,
  voicemail: boolean,
): HistoryRow | null {
  if (!route) return null;
  const outcome = rowOutcome(route, dial);
  const answeredBy = outcome === 'answered' ? userOfLegLabel(workspace, dial?.answeredBy ?? null) : null;
  return {
    s: callSid,
    a: route.at,
    f: route.from,
    t: route.to,
    o: outcome,
    r: route.rule,
    n: route.rungUsers ?? [],
    u: answeredBy,
    ...(voicemail ? { v: true } : {}),
    p: replayPart(route),
  };
}

/** What an impact replay (src/calls/impact pastCalls) reads of a route besides its time, numbers and rule. */
export function replayPart(route: RouteEntry): JsonObject {
  return {
    action: route.action,
    legs: route.legs,
    ...(route.callerCalls !== undefined ? { callerCalls: route.callerCalls } : {}),
    ...(route.stir !== undefined ? { stir: route.stir } : {}),
    ...(route.presses ? { presses: route.presses } : {}),
    ...(route.rotation ? { rotation: route.rotation } : {}),
    ...(route.lastAnswered ? { lastAnswered: route.lastAnswered } : {}),
    ...(route.menu ? { menu: { chose: route.menu.chose } } : {}),
  } as unknown as JsonObject;
}

/** The route entry a row's replay part stands for (what pastCalls reads of it); null when the row kept none. */
export function routeOfRow(row: HistoryRow, workspace: string): RouteEntry | null {
  if (!row.p) return null;
  return {
    ...(row.p as unknown as Partial<RouteEntry>),
    at: row.a,
    from: row.f,
    to: row.t,
    rule: row.r,
    workspace,
    rungUsers: row.n,
  } as RouteEntry;
}
