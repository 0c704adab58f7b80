// "Impact on recent calls": the settings as edited, replayed (by the console-impact function) against the workspace's
// calls of the last days, before saving; lists the calls that would now route differently, old route and new (and,
// through a phone menu, which option each took).
import { useState } from 'preact/hooks';
import { call } from './api';
import type { Draft } from './draft';
import { InputField } from './fields';

interface RouteChange {
  callSid: string;
  at: string;
  from: string;
  /** The caller's name when a contact of the workspace (console-impact), else null. */
  callerName?: string | null;
  to: string;
  before: ReplayedRoute;
  after: ReplayedRoute;
}

/** A route as replayed; `menu` (issue 20): the phone menu option it took (a key), null for none, absent when no menu was involved. */
interface ReplayedRoute {
  rule: string;
  legs: string[];
  menu?: unknown;
}

interface ImpactAnswer {
  replayed: number;
  skipped: number;
  since: string;
  changes: RouteChange[];
}

/** "forward-mode (number:+15550100050)", and for a call through a phone menu which option it took. */
const routeText = (route: ReplayedRoute) => {
  const menu = typeof route.menu === 'string' ? ` after menu option ${route.menu}` : route.menu === null ? ' (no menu option taken)' : '';
  return `${route.rule}${menu}${route.legs.length ? ` (${route.legs.join(', ')})` : ''}`;
};

export function ImpactPanel({ draft, workspaceId, canEdit }: { draft: Draft; workspaceId: string; canEdit: boolean }) {
  const [days, setDays] = useState('7');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; answer: ImpactAnswer } | { kind: 'error'; message: string }
  >({ kind: 'idle' });
  if (!canEdit) return null;
  const check = async () => {
    setState({ kind: 'checking' });
    try {
      setState({
        kind: 'done',
        answer: await call<ImpactAnswer>('console-impact', { workspace: workspaceId, draft: JSON.stringify(draft), days }),
      });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  return (
    <section class="panel" aria-labelledby="impact-title">
      <h2 id="impact-title">Impact on recent calls</h2>
      <p class="hint">Replays the workspace's recent calls against the settings as edited, before saving.</p>
      <InputField inline id="impact-days" label="Days back" type="number" min="1" max="365" value={days} onValue={setDays} />
      <button type="button" onClick={check} disabled={state.kind === 'checking'}>
        Check the impact
      </button>
      <div role="status" aria-live="polite" aria-label="Impact">
        {state.kind === 'checking' ? <p>Replaying…</p> : null}
        {state.kind === 'error' ? <p class="problem">{state.message}</p> : null}
        {state.kind === 'done' ? (
          state.answer.changes.length === 0 ? (
            <p>No call would route differently ({state.answer.replayed} replayed).</p>
          ) : (
            <>
              <p>
                {state.answer.changes.length} of {state.answer.replayed} calls would route differently:
              </p>
              <ul aria-label="Calls that would route differently">
                {state.answer.changes.map((change) => (
                  <li>
                    {change.at.slice(0, 16).replace('T', ' ')} UTC,{' '}
                    {change.callerName ? <span title={change.from}>{change.callerName}</span> : change.from} to {change.to}:{' '}
                    {routeText(change.before)} would become {routeText(change.after)}
                  </li>
                ))}
              </ul>
            </>
          )
        ) : null}
      </div>
    </section>
  );
}
