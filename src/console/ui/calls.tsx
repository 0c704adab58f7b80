// The Calls page: the workspace's call history (console-calls), filtered by number, contact and date, as a list of
// cards a page at a time (newest first, "Show older calls"); each call on its own page (`#/<workspace>/calls/<CallSid>`)
// with its route and why, legs, outcome, voicemail (a player, and its transcript), text-back, notifications and replies (and
// who answered them). A user sees the calls that rang them; an admin every call. A call that went through the
// phone menu says which option it took, a call that rang tiers says which were rung and how each ended, and a
// screened call says what spam protection did; all read defensively (calls recorded before these were kept lack them).
import { useEffect, useState } from 'preact/hooks';
import type { Contact } from '../../config/schema';
import { call } from './api';
import { InputField } from './fields';
import { AudioPlayer } from './greeting-field';
import { type Locale, formatDateTime, formatPhone, parsePhone } from './format';
import type { PageProps } from './page-props';
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
  /** The whole record (a call's own page): the recording; a row of the list: whether the caller left one. */
  voicemail?: boolean | { recordingUrl: string | null; durationSeconds: number | null; listen?: string | null };
  transcript?: { text?: string | null; status?: string };
  textback?: { status?: string; body?: string; detail?: string; to?: string };
  notices?: Record<string, Entry>;
  replies?: Record<string, Entry>;
}

interface CallsAnswer {
  calls: HistoryCall[];
  /** How many calls match, when known cheaply; null when not. */
  total: number | null;
  limit: number;
  /** The cursor of the next (older) page; null or absent: no older call. */
  next?: string | null;
}

/** console-calls with `call`: the whole record of one call (null: not this workspace's, or not one the person may see). */
interface OneCallAnswer {
  call?: HistoryCall | null;
  /** An answer without `call` (a list): the call is looked for in it. */
  calls?: HistoryCall[];
}

const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;
const text = (value: unknown) => (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value));
/** Finished by a later invocation, after the one that claimed it died half-way (the entry's `delaySeconds`). */
const late = (entry: Entry) => (typeof entry.delaySeconds === 'number' ? ` (finished ${entry.delaySeconds} s late)` : '');

/** The Calls page as the shell opens it: the list, or one call's own page (`#/<workspace>/calls/<CallSid>`). */
export function CallsRoute({ workspace, settings, locale, detail }: PageProps) {
  const props = {
    workspaceId: workspace.id,
    numbers: settings.workspace.numbers.map((number) => ({ number: number.number, name: number.name })),
    users: settings.workspace.users.map((user) => ({ id: user.id, name: user.name })),
    words: { locale, contacts: settings.workspace.contacts },
  };
  return /^CA[0-9a-fA-F]{32}$/.test(detail) ? <OneCall {...props} callSid={detail} /> : <CallsPage {...props} />;
}

/** What names a call's people and numbers: the workspace's locale and contacts (with the numbers' names). */
interface CallWords {
  locale: Locale;
  contacts: readonly Contact[];
}

interface CallsPageProps {
  workspaceId: string;
  numbers: { number: string; name: string }[];
  /** The workspace's users, to name the people a call rang. */
  users?: { id: string; name: string }[];
  /** The locale and contacts to name callers and numbers with (none: the raw values). */
  words?: CallWords;
}

/** A caller or a number by name (a contact's, a number's), the raw value kept for a hover; else in the workspace's format. */
function named(value: string | undefined, numbers: CallsPageProps['numbers'], words: CallWords | undefined): { text: string; raw: string } {
  if (!value) return { text: 'an unknown caller', raw: '' };
  const number = numbers.find((candidate) => candidate.number === value);
  if (number?.name) return { text: number.name, raw: value };
  const contact = words?.contacts.find((candidate) => candidate.phone === value);
  const contactName = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  if (contactName) return { text: contactName, raw: value };
  return { text: words ? formatPhone(value, words.locale) : value, raw: value };
}

const OUTCOME_WORDS: Record<string, string> = {
  answered: 'Answered',
  missed: 'Missed',
  rejected: 'Refused',
  'in-progress': 'In progress',
};

/** One call as a card: who called, when, which number, how it ended; on the list a link to its own page, on that page its details. */
function CallCard({ entry, props, open = false }: { entry: HistoryCall; props: CallsPageProps; open?: boolean }) {
  const nameOf: NameOf = (id) => props.users?.find((user) => user.id === id)?.name ?? id;
  const caller = entry.callerName ? { text: entry.callerName, raw: entry.route?.from ?? '' } : named(entry.route?.from, [], props.words);
  const number = named(entry.route?.to, props.numbers, props.words);
  const outcome = `${OUTCOME_WORDS[entry.outcome] ?? entry.outcome}${entry.outcome === 'missed' && entry.voicemail ? ', left a voicemail' : ''}`;
  return (
    <>
      <p class="card-title" title={caller.raw}>
        {caller.text}
      </p>
      <p>
        {props.words ? formatDateTime(entry.at, props.words.locale) : when(entry.at)}
        {entry.route?.to ? (
          <>
            {' '}
            to <span title={number.raw}>{number.text}</span>
          </>
        ) : null}
      </p>
      <p class={`outcome outcome-${entry.outcome}`}>{outcome}</p>
      {open ? (
        <CallDetails entry={entry} nameOf={nameOf} />
      ) : (
        <a
          class="button"
          href={`#/${encodeURIComponent(props.workspaceId)}/calls/${entry.callSid}`}
          // The name says which call (every card has one); it begins with the word shown.
          aria-label={`Details of the call from ${entry.callerName ?? entry.route?.from ?? 'an unknown caller'} at ${when(entry.at)}`}
        >
          Details
        </a>
      )}
    </>
  );
}

/** One call on its own page (a link from the home page, or shared): found among the workspace's calls. */
function OneCall(props: CallsPageProps & { callSid: string }) {
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'done'; entry: HistoryCall | null } | { kind: 'error'; message: string }
  >({
    kind: 'loading',
  });
  useEffect(() => {
    setState({ kind: 'loading' });
    call<OneCallAnswer>('console-calls', { workspace: props.workspaceId, call: props.callSid }).then(
      (answer) =>
        setState({
          kind: 'done',
          entry: answer.call !== undefined ? answer.call : (answer.calls?.find((entry) => entry.callSid === props.callSid) ?? null),
        }),
      (error: Error) => setState({ kind: 'error', message: error.message }),
    );
  }, [props.workspaceId, props.callSid]);
  return (
    <div class="calls">
      <p>
        <a href={`#/${encodeURIComponent(props.workspaceId)}/calls`}>All calls</a>
      </p>
      {state.kind === 'loading' ? (
        <p class="loading">Loading the call…</p>
      ) : state.kind === 'error' ? (
        <p class="problem">{state.message}</p>
      ) : !state.entry ? (
        <p class="problem">This call is not among the workspace's calls you can see (it may be older than the history keeps).</p>
      ) : (
        <article class="card one-call" aria-label="The call">
          <CallCard entry={state.entry} props={props} open />
        </article>
      )}
    </div>
  );
}

export function CallsPage(props: CallsPageProps) {
  const { workspaceId, numbers } = props;
  const [number, setNumber] = useState('');
  const [contact, setContact] = useState('');
  const [since, setSince] = useState('');
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'done'; answer: CallsAnswer } | { kind: 'error'; message: string }>({
    kind: 'loading',
  });
  const [older, setOlder] = useState<{ busy: boolean; problem: string }>({ busy: false, problem: '' });
  // The caller as typed ("(555) 010-0200", "+1 555 010 0200"), read in the workspace's country; kept as typed when it
  // cannot be read, so the answer says what is wrong with it.
  const typedCaller = () => {
    const typed = contact.trim();
    if (!typed || !props.words) return typed;
    const parsed = parsePhone(typed, props.words.locale);
    return 'e164' in parsed ? parsed.e164 : typed;
  };
  const filters = () => ({
    workspace: workspaceId,
    ...(number ? { number } : {}),
    ...(contact.trim() ? { contact: typedCaller() } : {}),
    ...(since ? { since } : {}),
  });
  const load = async () => {
    setState({ kind: 'loading' });
    setOlder({ busy: false, problem: '' });
    try {
      setState({ kind: 'done', answer: await call<CallsAnswer>('console-calls', filters()) });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  /** The next (older) page, added below the calls shown. */
  const loadOlder = async () => {
    if (state.kind !== 'done' || !state.answer.next) return;
    const shown = state.answer;
    setOlder({ busy: true, problem: '' });
    try {
      const page = await call<CallsAnswer>('console-calls', { ...filters(), cursor: shown.next! });
      setState({ kind: 'done', answer: { ...page, total: page.total ?? shown.total, calls: [...shown.calls, ...page.calls] } });
      setOlder({ busy: false, problem: '' });
    } catch (error) {
      setOlder({ busy: false, problem: (error as Error).message });
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
        <InputField
          id="calls-contact"
          label="Caller"
          type="tel"
          value={contact}
          placeholder={props.words ? formatPhone('+15551230000', props.words.locale) : '+15551230000'}
          onValue={setContact}
        />
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
        // A list of cards, newest first: on a phone one card a row, never wider than the screen.
        <ul class="cards call-cards" aria-label="Calls">
          {state.answer.calls.map((entry) => (
            <li class="card" key={entry.callSid}>
              <CallCard entry={entry} props={props} />
            </li>
          ))}
        </ul>
      ) : null}
      {state.kind === 'done' && state.answer.next ? (
        <p class="more">
          <button type="button" class="secondary" onClick={loadOlder} disabled={older.busy}>
            {older.busy ? 'Loading older calls…' : 'Show older calls'}
          </button>
          {older.problem ? <span class="problem"> {older.problem}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

function summary(answer: CallsAnswer): string {
  if (answer.calls.length === 0) return 'No calls.';
  if (answer.total === null)
    return answer.next ? `The newest ${answer.calls.length} calls.` : `${answer.calls.length} call${answer.calls.length === 1 ? '' : 's'}.`;
  return answer.total > answer.calls.length
    ? `The newest ${answer.calls.length} of ${answer.total} calls.`
    : `${answer.total} call${answer.total === 1 ? '' : 's'}.`;
}

/** One call, told step by step (its own page). */
function CallDetails({ entry, nameOf }: { entry: HistoryCall; nameOf: NameOf }) {
  const { route, dial, transcript, textback } = entry;
  const voicemail = typeof entry.voicemail === 'object' ? entry.voicemail : undefined;
  const id = `call-${entry.callSid}`;
  return (
    <dl id={id}>
      {route ? (
        <>
          <dt>Route</dt>
          <dd>
            {route.action} by rule {route.rule}: {route.reason}
          </dd>
          <RouteSteps entry={entry} nameOf={nameOf} />
          <dt>{Array.isArray(route.tiers) && route.tiers.length ? 'Legs' : 'Rang'}</dt>
          <dd>{route.legs.length ? route.legs.join(', ') : 'nobody'}</dd>
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
