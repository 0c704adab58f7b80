// The Calls page: the workspace's call history (console-calls), filtered by number, contact and date; each call's
// route and why, legs, outcome, voicemail (a player, and its transcript), text-back, notifications and replies (and
// who answered them). A user sees the calls that rang them; an admin every call. A call that went through the
// phone menu says which option it took, a call that rang tiers says which were rung and how each ended, and a
// screened call says what spam protection did; all read defensively (calls recorded before these were kept lack them).
import { AudioPlayer } from './greeting-field';
import { useEffect, useState } from 'preact/hooks';
import { call } from './api';
import { InputField } from './fields';
import { type NameOf, historyRouteWords } from './route-words';

type Entry = Record<string, unknown>;

interface HistoryCall {
  callSid: string;
  at: string;
  outcome: string;
  /** The caller's name when they are a contact of the workspace (console-calls), else null. */
  callerName?: string | null;
  route?: {
    from: string;
    to: string;
    rule: string;
    reason: string;
    legs: string[];
    action: string;
    /** Issue 20's (tiers, menu, screening, textBack): read by historyRouteWords, defensively. */
    [more: string]: unknown;
  };
  dial?: { answeredBy: string | null; reason: string; dialStatus: string };
  voicemail?: { recordingUrl: string | null; durationSeconds: number | null; listen?: string | null };
  transcript?: { text?: string | null; status?: string };
  textback?: { status?: string; body?: string; detail?: string; to?: string };
  notices?: Record<string, Entry>;
  replies?: Record<string, Entry>;
}

interface CallsAnswer {
  calls: HistoryCall[];
  /** Null: not counted (a page of the history index: `next` says whether older calls follow). */
  total: number | null;
  limit: number;
  /** The cursor of the next, older page (console-calls `cursor`); null: none. */
  next?: string | null;
}

const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;
const text = (value: unknown) => (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value));
/** Finished by a later invocation, after the one that claimed it died half-way (the entry's `delaySeconds`). */
const late = (entry: Entry) => (typeof entry.delaySeconds === 'number' ? ` (finished ${entry.delaySeconds} s late)` : '');

export function CallsPage({
  workspaceId,
  numbers,
  users = [],
}: {
  workspaceId: string;
  numbers: { number: string; name: string }[];
  /** The workspace's users, to name the people a call rang. */
  users?: { id: string; name: string }[];
}) {
  const nameOf: NameOf = (id) => users.find((user) => user.id === id)?.name ?? id;
  const [number, setNumber] = useState('');
  const [contact, setContact] = useState('');
  const [since, setSince] = useState('');
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'done'; answer: CallsAnswer } | { kind: 'error'; message: string }>({
    kind: 'loading',
  });
  const load = async () => {
    setState({ kind: 'loading' });
    try {
      const filters = {
        workspace: workspaceId,
        ...(number ? { number } : {}),
        ...(contact.trim() ? { contact: contact.trim() } : {}),
        ...(since ? { since } : {}),
      };
      setState({ kind: 'done', answer: await call<CallsAnswer>('console-calls', filters) });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  useEffect(() => {
    void load();
  }, [workspaceId]);

  return (
    <div class="calls">
      <form
        class="panel filters"
        aria-label="Filter calls"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <div class="field">
          <label for="calls-number">Called number</label>
          <select id="calls-number" value={number} onChange={(event) => setNumber((event.currentTarget as HTMLSelectElement).value)}>
            <option value="">Every number</option>
            {numbers.map((entry) => (
              <option value={entry.number}>
                {entry.name} ({entry.number})
              </option>
            ))}
          </select>
        </div>
        <InputField id="calls-contact" label="Caller" type="text" value={contact} placeholder="+15551230000" onValue={setContact} />
        <InputField id="calls-since" label="Since" type="date" value={since} onValue={setSince} />
        <button type="submit">Show calls</button>
      </form>
      <div role="status" aria-live="polite" aria-label="Calls found">
        {state.kind === 'loading' ? (
          <p>Loading calls…</p>
        ) : state.kind === 'error' ? (
          <p class="problem">{state.message}</p>
        ) : (
          <p>{summary(state.answer)}</p>
        )}
      </div>
      {state.kind === 'done' && state.answer.calls.length ? (
        // On a narrow screen the table scrolls sideways in its own region, never the page.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe: scrollable-region-focusable)
        <section class="table-scroll" aria-label="Calls, scrolling sideways on a narrow screen" tabIndex={0}>
          <table aria-label="Calls">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Caller</th>
                <th scope="col">Number</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {state.answer.calls.map((entry) => (
                <tr>
                  <td>{when(entry.at)}</td>
                  <td>{entry.callerName ? <span title={entry.route?.from}>{entry.callerName}</span> : (entry.route?.from ?? '')}</td>
                  <td>{entry.route?.to ?? ''}</td>
                  <td>{entry.outcome}</td>
                  <td>
                    <CallDetails listed={entry} nameOf={nameOf} workspaceId={workspaceId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

function summary(answer: CallsAnswer): string {
  const shown = answer.calls.length;
  if (shown === 0) return 'No calls.';
  if (answer.total === null) return answer.next ? `The newest ${shown} calls.` : `${shown} call${shown === 1 ? '' : 's'}.`;
  return answer.total > shown ? `The newest ${shown} of ${answer.total} calls.` : `${answer.total} call${answer.total === 1 ? '' : 's'}.`;
}

/** One call, told step by step, behind a button named after the call (a disclosure: aria-expanded). */
function CallDetails({ listed, nameOf, workspaceId }: { listed: HistoryCall; nameOf: NameOf; workspaceId: string }) {
  // The page lists the history index's rows; the call's whole record is read when its details are first opened.
  const [full, setFull] = useState<HistoryCall | null>(null);
  const entry = full ?? listed;
  const { route, dial, voicemail, transcript, textback } = entry;
  const [open, setOpen] = useState(false);
  const id = `call-${entry.callSid}`;
  const toggle = async () => {
    setOpen(!open);
    if (open || full) return;
    try {
      const answer = await call<{ call: HistoryCall | null }>('console-calls', { workspace: workspaceId, call: listed.callSid });
      if (answer.call) setFull(answer.call);
    } catch {
      // The row stays as listed; the details say what the page knows.
    }
  };
  return (
    <>
      <button type="button" class="secondary" aria-expanded={open} aria-controls={id} aria-busy={open && !full} onClick={toggle}>
        Details of the call from {entry.callerName ?? route?.from ?? 'an unknown caller'} at {when(entry.at)}
      </button>
      <dl id={id} hidden={!open}>
        {route ? (
          <>
            <dt>Route</dt>
            <dd>
              {route.action} by rule {route.rule}: {route.reason}
            </dd>
            <RouteSteps entry={entry} nameOf={nameOf} />
            <dt>{Array.isArray(route.tiers) && route.tiers.length ? 'Legs' : 'Rang'}</dt>
            <dd>{route.legs?.length ? route.legs.join(', ') : 'nobody'}</dd>
          </>
        ) : null}
        {dial ? (
          <>
            <dt>Outcome</dt>
            <dd>
              {entry.outcome}
              {dial.answeredBy ? `, answered by ${dial.answeredBy}` : ''}: {dial.reason}
            </dd>
          </>
        ) : null}
        {voicemail ? (
          <>
            <dt>Voicemail</dt>
            <dd>
              {voicemail.durationSeconds ?? '?'} s{' '}
              {voicemail.listen ? (
                // A player that says why when it cannot play (greeting-field.tsx).
                <AudioPlayer
                  preload="none"
                  src={voicemail.listen}
                  label={`Voicemail from ${entry.callerName ?? route?.from ?? 'the caller'}`}
                />
              ) : voicemail.recordingUrl ? (
                '(no playable link: see docs/events-and-history.md, recording links)'
              ) : (
                '(nothing recorded)'
              )}
            </dd>
            {transcript ? (
              <>
                <dt>Transcript</dt>
                <dd>{transcript.text ?? `(${transcript.status ?? 'none'})`}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {textback ? (
          <>
            <dt>Text-back</dt>
            <dd>
              {textback.status}
              {textback.body ? `: "${textback.body}"` : textback.detail ? ` (${textback.detail})` : ''}
              {late(textback)}
            </dd>
          </>
        ) : null}
        {Object.entries(entry.notices ?? {}).map(([id, notice]) => (
          <>
            <dt>Notification {id}</dt>
            <dd>
              {text(notice.status)} {notice.to ? `to ${text(notice.to)}` : ''}
              {late(notice)}
            </dd>
          </>
        ))}
        {Object.entries(entry.replies ?? {}).map(([sid, reply]) => {
          // A user's answer from their own phone (src/replies/staff-answer) says who answered.
          const answer = reply.answer as Entry | undefined;
          return (
            <>
              <dt>{answer ? `Answer by ${text(answer.user)} to ${text(answer.customer) || 'nobody'}` : `Reply ${sid}`}</dt>
              <dd>
                "{text(reply.body)}"{answer ? ` (${text(answer.status)})` : ''}
                {reply.mark === 'may-be-opt-out'
                  ? ' (may be a request to stop texts: a person decides)'
                  : reply.mark === 'help'
                    ? ' (HELP: answered)'
                    : ''}
                {late(reply)}
              </dd>
            </>
          );
        })}
      </dl>
    </>
  );
}

/** Spam protection, the phone menu and the tiers of the call's route, each when the route has it. */
function RouteSteps({ entry, nameOf }: { entry: HistoryCall; nameOf: NameOf }) {
  const words = historyRouteWords(entry, nameOf);
  return (
    <>
      {words.screening ? (
        <>
          <dt>Spam protection</dt>
          <dd>{words.screening}</dd>
        </>
      ) : null}
      {words.menu ? (
        <>
          <dt>Phone menu</dt>
          <dd>{words.menu}</dd>
        </>
      ) : null}
      {words.rang ? (
        <>
          <dt>Rang</dt>
          <dd>{words.rang}</dd>
        </>
      ) : null}
    </>
  );
}
