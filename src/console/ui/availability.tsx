// When a user may be rung: "Do not disturb" and "Working hours" in each user's settings (saved with the page), and the
// signed-in user's own "Do not disturb" switch, which any user may flip for themselves and is written at once
// (console-do-not-disturb), without saving the page.
import { timeZoneLabel } from './format';
import { useState } from 'preact/hooks';
import { ApiError, call } from './api';
import { type Draft, getAt } from './draft';
import { CheckField, type FieldContext } from './fields';
import { WeeklyHoursFields, defaultWeeklyHours } from './lists';

/** "Do not disturb" and "Working hours" of user `u`, inside their settings. */
export function UserAvailabilityFields({ ctx, u }: { ctx: FieldContext; u: number }) {
  const path = `users.${u}`;
  const name = String(getAt(ctx.draft, `${path}.name`) ?? '');
  const hours = getAt(ctx.draft, `${path}.workingHours`);
  const keepsHours = hours !== null && hours !== undefined;
  const id = `working-hours-on-${u}`;
  return (
    <>
      <CheckField
        ctx={ctx}
        label={`Do not disturb for ${name}`}
        path={`${path}.doNotDisturb`}
        hint="Never rung while on: their calls go on to the next people in the route"
      />
      <div class="field check">
        <input
          type="checkbox"
          id={id}
          checked={keepsHours}
          disabled={ctx.disabled}
          onChange={() => ctx.change(`${path}.workingHours`, keepsHours ? null : defaultWeeklyHours())}
          aria-describedby={`${id}-hint`}
        />
        <label for={id}>Working hours for {name}</label>
        <p class="hint" id={`${id}-hint`}>
          {keepsHours
            ? `Rung only in these hours (${ctx.locale ? timeZoneLabel(ctx.locale) : "the workspace's time zone"})`
            : 'Off: rung whenever a call rings them'}
        </p>
      </div>
      {keepsHours ? <WeeklyHoursFields ctx={ctx} path={`${path}.workingHours`} whose={`working hours of ${name}`} /> : null}
    </>
  );
}

/**
 * The signed-in user's own "Do not disturb": a switch written at once. With `revision` (an admin's page, whose
 * other edits a conflict must not lose) it is refused if someone saved since; a user's page sends none.
 */
export function MyDoNotDisturb({
  workspaceId,
  user,
  revision,
  onChanged,
}: {
  workspaceId: string;
  user: Draft;
  revision: string | null;
  onChanged(on: boolean, revision: string): void;
}) {
  const on = user.doNotDisturb === true;
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const flip = async () => {
    setBusy(true);
    setStatus('Saving…');
    try {
      const saved = await call<{ doNotDisturb: boolean; revision: string }>('console-do-not-disturb', {
        workspace: workspaceId,
        on: String(!on),
        ...(revision ? { revision } : {}),
      });
      onChanged(saved.doNotDisturb, saved.revision);
      setStatus(saved.doNotDisturb ? 'On: calls do not ring you. Saved.' : 'Off: calls ring you as usual. Saved.');
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : `Not saved: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="me-title">
      <h2 id="me-title">Your availability</h2>
      <p class="hint">Signed in as {String(user.name)}.</p>
      <div class="switch">
        <button type="button" role="switch" aria-checked={on} disabled={busy} onClick={flip} aria-describedby="me-dnd-hint">
          Do not disturb
        </button>
        <span aria-hidden="true">{on ? 'On' : 'Off'}</span>
        <p class="hint" id="me-dnd-hint">
          While on, calls skip you and go on to the next people. Saved at once.
        </p>
      </div>
      <p role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
