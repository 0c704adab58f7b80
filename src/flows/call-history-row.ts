// The call's row in the history index (src/calls/history-index), added where the call's end is told (tellOfCallEnd):
// its route (read once, shared with the notices), its outcome and whether a message was left. One conditional update
// of its day item; a failure is logged and the call goes on.
import { callHistoryTtlSeconds, type DialEntry, type RouteEntry } from '../calls/call-log';
import { HistoryIndexWriter } from '../calls/history-index';
import { historyRow } from '../calls/history-record';
import type { Workspace } from '../config/types';
import type { WebhookRequest } from '../runtime/request';

export async function addToHistory(
  request: WebhookRequest,
  workspace: Workspace,
  route: () => Promise<RouteEntry | null>,
  end: { dial: DialEntry | null | (() => Promise<DialEntry | null>); voicemail?: boolean },
): Promise<void> {
  const callSid = request.params.CallSid!;
  try {
    // After a voicemail the dial (if any) was missed: no need to read it.
    const [entry, dial] = await Promise.all([
      route(),
      end.voicemail !== undefined ? null : typeof end.dial === 'function' ? end.dial() : end.dial,
    ]);
    const row = historyRow(workspace, callSid, entry, dial, end.voicemail === true);
    if (!row) return request.log.warn('history: the call has no route entry; not indexed');
    const writer = new HistoryIndexWriter(request.services.state, callHistoryTtlSeconds(request.env.CALL_HISTORY_DAYS));
    await writer.addCall(workspace.id, workspace.timeZone, row);
  } catch (error) {
    request.log.error('history: could not index the call; the call goes on', error);
  }
}
