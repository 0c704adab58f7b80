// The agency home (`#/agency`): every workspace the person administers, with today's missed calls and unanswered
// replies of each (console-agency, today in each workspace's own time zone), one tap from its home page; and, for an
// agency admin, "create a workspace" (name, time zone, company phone: console-create-workspace).
import { InputField } from './fields';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, call, type ConsoleProblem, type Me } from './api';
import { localeOf, parsePhone } from './format';

export interface AgencyWorkspace {
  id: string;
  name: string;
  /** Calls missed today (in the workspace's time zone), and callers' texts nobody has answered yet. */
  missedToday: number;
  /** null: not counted (the history does not count replies by day yet). */
  unansweredReplies: number | null;
}

export interface AgencyAnswer {
  workspaces: AgencyWorkspace[];
}

export interface AgencyPageProps {
  me: Me;
  /** A workspace was created: the shell reads who the person is again and opens it. */
  onCreated(id: string): void;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function AgencyPage({ me, onCreated }: AgencyPageProps) {
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'done'; answer: AgencyAnswer } | { kind: 'error'; message: string }>({
    kind: 'loading',
  });
  useEffect(() => {
    call<AgencyAnswer>('console-agency').then(
      (answer) => setState({ kind: 'done', answer }),
      (error: Error) => setState({ kind: 'error', message: error.message }),
    );
  }, []);
  const administered = me.workspaces.filter((workspace) => workspace.role === 'admin');
  return (
    <div class="agency">
      <section class="panel" aria-labelledby="today-title">
        <h2 id="today-title">Today</h2>
        {state.kind === 'loading' ? (
          <p class="loading">Loading today's calls…</p>
        ) : state.kind === 'error' ? (
          <p class="problem">Today's figures did not load: {state.message}</p>
        ) : null}
        {state.kind === 'loading' ? null : (
          <ul class="cards" aria-labelledby="today-title">
            {administered.map((workspace) => {
              const today = state.kind === 'done' ? state.answer.workspaces.find((entry) => entry.id === workspace.id) : undefined;
              return (
                <li class="card">
                  <p class="card-title">{workspace.name}</p>
                  {today ? (
                    <>
                      <p class={today.missedToday ? 'attention' : ''}>{plural(today.missedToday, 'missed call')} today</p>
                      {today.unansweredReplies === null ? null : (
                        <p class={today.unansweredReplies ? 'attention' : ''}>
                          {plural(today.unansweredReplies, 'unanswered reply', 'unanswered replies')}
                        </p>
                      )}
                    </>
                  ) : (
                    <p class="hint">No figures for today.</p>
                  )}
                  <a class="button" href={`#/${encodeURIComponent(workspace.id)}/home`}>
                    Open {workspace.name}
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {me.agency ? <CreateWorkspace onCreated={onCreated} readOnly={me.configuration.readOnly} /> : null}
    </div>
  );
}

/** The time zones the browser knows, the browser's own first; UTC when it knows none. */
function timeZones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([own, ...known, 'UTC'].filter(Boolean))];
}

function CreateWorkspace({ onCreated, readOnly }: { onCreated(id: string): void; readOnly: string | null }) {
  const [name, setName] = useState('');
  const zones = useMemo(() => timeZones().map((zone) => ({ zone, label: zone.replace(/_/g, ' ').replace(/\//g, ' / ') })), []);
  const [timeZone, setTimeZone] = useState(() => zones[0]?.zone ?? 'UTC');
  const [companyPhone, setCompanyPhone] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter the business name.';
    let phone = '';
    if (companyPhone.trim()) {
      const parsed = parsePhone(companyPhone, localeOf({ timeZone }));
      if ('error' in parsed) found.companyPhone = parsed.error;
      else phone = parsed.e164;
    }
    setProblems(found);
    if (Object.keys(found).length) return setStatus('Nothing was created: fix the problems shown beside the fields.');
    setBusy(true);
    setStatus('Creating…');
    try {
      const created = await call<{ id: string; name: string }>('console-create-workspace', {
        name: name.trim(),
        timeZone,
        companyPhone: phone,
      });
      setStatus(`Created ${created.name}.`);
      onCreated(created.id);
    } catch (error) {
      const body = error instanceof ApiError ? error.body : {};
      const listed = Array.isArray(body.problems) ? (body.problems as ConsoleProblem[]) : [];
      setProblems(Object.fromEntries(listed.map((problem) => [problem.path, problem.message])));
      setStatus((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" aria-labelledby="create-title" onSubmit={submit} noValidate>
      <h2 id="create-title">Create a workspace</h2>
      {readOnly ? <p class="notice">{readOnly}</p> : null}
      <InputField id="new-workspace-name" label="Business name" type="text" value={name} onValue={setName} problem={problems.name} />
      <div class={`field${problems.timeZone ? ' invalid' : ''}`}>
        <label for="new-workspace-zone">Time zone</label>
        <select
          id="new-workspace-zone"
          value={timeZone}
          aria-invalid={problems.timeZone ? true : undefined}
          aria-describedby={problems.timeZone ? 'new-workspace-zone-problem' : undefined}
          onChange={(event) => setTimeZone((event.currentTarget as HTMLSelectElement).value)}
        >
          {zones.map(({ zone, label }) => (
            <option value={zone}>{label}</option>
          ))}
        </select>
        {problems.timeZone ? (
          <p class="problem" id="new-workspace-zone-problem">
            {problems.timeZone}
          </p>
        ) : null}
      </div>
      <InputField
        id="new-workspace-phone"
        label="Company phone (optional)"
        type="tel"
        value={companyPhone}
        onValue={setCompanyPhone}
        problem={problems.companyPhone}
        hint="As you dial it, or with its country code."
      />
      <button type="submit" disabled={busy || Boolean(readOnly)}>
        Create the workspace
      </button>
      <p role="status" aria-live="polite">
        {status}
      </p>
    </form>
  );
}
