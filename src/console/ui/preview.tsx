// "Where would this call go": the pure routing module (src/routing, the code the functions run) deciding a call
// against the settings as they are being edited, before anything is saved, told in an owner's words (route-words.ts):
// what rings, tier by tier, people by name; the phone menu and the key the caller presses ("Presses"); what spam
// protection does (the "Caller ID check"); who is skipped and why. Settings that do not validate are not routed: the
// panel says how many problems stand in the way.
import { useMemo, useState } from 'preact/hooks';
import { bundleSchema, type Workspace } from '../../config/schema';
import { classifyCaller } from '../../routing/caller';
import { decide } from '../../routing/decide';
import { formatDecision } from '../../routing/explain';
import type { Decision, MenuPath } from '../../routing/types';
import { isKeptSecret } from '../secret-mask';
import type { Draft } from './draft';
import { InputField } from './fields';
import { KNOWN_CALLER_ID, KnownCaller, typedCaller } from './known-caller';
import {
  CALLER_ID_CHECKS,
  OPTION_ACTION_WORDS,
  SCREENING_WORDS,
  legWords,
  menuChoiceWords,
  namesOf,
  pressesOf,
  skippedUsers,
  verdictWords,
} from './route-words';

/** A well-formed signing secret that signs nothing: the preview routes calls and never signs an event. */
const ROUTING_ONLY_SECRET = `whsec_${'A'.repeat(43)}=`;

/** The draft as the schema and the router may read it: a kept secret's stand-in (the page never holds the secret) stands as a secret. */
export function routable(draft: Draft): Draft {
  const hooks = draft.webhooks;
  if (!Array.isArray(hooks)) return draft;
  return {
    ...draft,
    webhooks: hooks.map((hook: { secret?: unknown }) => (isKeptSecret(hook?.secret) ? { ...hook, secret: ROUTING_ONLY_SECRET } : hook)),
  };
}

export interface PreviewCall {
  from: string;
  to: string;
  presses?: readonly string[];
  stir?: string;
}

export function routePreview(draft: Draft, call: PreviewCall, at: Date) {
  const parsed = bundleSchema.safeParse({ workspaces: [routable(draft)] });
  if (!parsed.success) return { ok: false as const, problems: parsed.error.issues.length };
  const input = {
    from: call.from,
    to: call.to,
    caller: classifyCaller(call.from),
    ...(call.presses?.length ? { presses: call.presses } : {}),
    ...(call.stir ? { stir: call.stir } : {}),
  };
  return { ok: true as const, decision: decide(input, parsed.data, at), workspace: parsed.data.workspaces[0]! };
}

export function PreviewPanel({ draft, saved }: { draft: Draft; saved: Workspace }) {
  const numbers = ((draft.numbers as { number: string }[] | undefined) ?? []).map((number) => number.number);
  const [to, setTo] = useState(numbers[0] ?? '');
  const [from, setFrom] = useState(saved.contacts[0]?.phone ?? '+15555550123');
  const [at, setAt] = useState(() => `${new Date().toISOString().slice(0, 16)}Z`);
  const [presses, setPresses] = useState('');
  const [check, setCheck] = useState(0);
  const when = new Date(at);
  const stir = CALLER_ID_CHECKS[check]?.stir ?? null;
  const result = useMemo(
    () =>
      Number.isNaN(when.getTime())
        ? null
        : routePreview(draft, { from: typedCaller(from, saved), to, presses: pressesOf(presses), ...(stir ? { stir } : {}) }, when),
    [draft, from, to, at, presses, stir],
  );

  return (
    <section class="panel preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Where would this call go</h2>
      <p class="hint">Routed with the settings as you have them now, before saving.</p>
      <InputField id="preview-from" label="Caller" type="text" value={from} onValue={setFrom} aria-describedby={KNOWN_CALLER_ID}>
        <KnownCaller from={from} workspace={saved} />
      </InputField>
      <InputField id="preview-to" label="Called number" type="text" list="preview-numbers" value={to} onValue={setTo}>
        <datalist id="preview-numbers">
          {numbers.map((number) => (
            <option value={number} />
          ))}
        </datalist>
      </InputField>
      <InputField id="preview-at" label="Time (UTC)" type="text" value={at} onValue={setAt} aria-describedby="preview-at-hint">
        <p class="hint" id="preview-at-hint">
          ISO-8601, e.g. 2026-11-23T15:00Z
        </p>
      </InputField>
      <InputField
        id="preview-presses"
        label="Presses"
        type="text"
        inputMode="numeric"
        value={presses}
        onValue={setPresses}
        aria-describedby="preview-presses-hint"
      >
        <p class="hint" id="preview-presses-hint">
          The keys the caller presses at the menu or the spam check, in order; _ for nothing
        </p>
      </InputField>
      <div class="field">
        <label for="preview-stir">Caller ID check</label>
        <select id="preview-stir" onChange={(event) => setCheck((event.currentTarget as HTMLSelectElement).selectedIndex)}>
          {CALLER_ID_CHECKS.map((entry, index) => (
            <option value={entry.label} selected={index === check}>
              {entry.label}
            </option>
          ))}
        </select>
      </div>
      <div role="status" aria-live="polite" aria-label="Decision">
        {result === null ? (
          <p class="problem">The time is not an ISO-8601 time.</p>
        ) : !result.ok ? (
          <p class="problem">
            The settings have {result.problems} problem{result.problems === 1 ? '' : 's'}; fix {result.problems === 1 ? 'it' : 'them'} to
            see the route.
          </p>
        ) : (
          <DecisionView decision={result.decision} workspace={result.workspace} />
        )}
      </div>
    </section>
  );
}

function DecisionView({ decision, workspace }: { decision: Decision; workspace: Workspace }) {
  const nameOf = namesOf(workspace);
  return (
    <div class="decision">
      <p class="verdict" data-rule={decision.rule}>
        <strong>{verdictWords(decision, nameOf)}</strong>
      </p>
      {decision.screening ? (
        <p class="screening">
          Spam protection: {SCREENING_WORDS[decision.screening.verdict]}
          {decision.textBack ? '' : ', never texted back'}. Why: {decision.screening.why.replace(/\.$/, '')}.
        </p>
      ) : null}
      {decision.menu ? <MenuView menu={decision.menu} /> : null}
      <SkippedView decision={decision} workspace={workspace} />
      {decision.wants.includes('rotation') ? (
        <p class="hint">Round robin: a real call starts with whoever is next in turn; shown here from the first.</p>
      ) : null}
      {decision.wants.includes('lastAnswered') ? (
        <p class="hint">If someone answered this caller recently, a real call rings them first (the person who helped last).</p>
      ) : null}
      {decision.action === 'dial' ? (
        <>
          <p class="hint">Phones and apps it rings:</p>
          <ul aria-label="Legs">
            {decision.targets.map((target) => (
              <li>{legWords(target, nameOf)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="hint">
        Rule <code>{decision.rule}</code>
      </p>
      <details>
        <summary>Trace and settings</summary>
        <pre>{formatDecision(decision)}</pre>
      </details>
    </div>
  );
}

function MenuView({ menu }: { menu: MenuPath }) {
  return (
    <div class="menu-path">
      <p>
        Phone menu: the caller {menuChoiceWords(menu)}
        {menu.chose === null ? ' (type the key in Presses)' : ''}.
      </p>
      <ul>
        {menu.options.map((option) => (
          <li>
            {option.digit}: {option.label}, {OPTION_ACTION_WORDS[option.action]}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SkippedView({ decision, workspace }: { decision: Decision; workspace: Workspace }) {
  const skipped = skippedUsers(decision, workspace);
  if (!skipped.length) return null;
  return (
    <>
      <p id="preview-skipped">Not rung:</p>
      <ul class="skipped" aria-labelledby="preview-skipped">
        {skipped.map((entry) => (
          <li>
            {entry.name} {entry.why}
          </li>
        ))}
      </ul>
    </>
  );
}
