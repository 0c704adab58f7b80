// "Where would this call go": the pure routing module (src/routing, the code the functions run) deciding a call
// against the settings as they are being edited, before anything is saved. Settings that do not validate are not
// routed: the panel says how many problems stand in the way.
import { useMemo, useState } from 'preact/hooks';
import { bundleSchema, type Workspace } from '../../config/schema';
import { classifyCaller } from '../../routing/caller';
import { decide } from '../../routing/decide';
import { describeTarget } from '../../routing/legs';
import { formatDecision } from '../../routing/explain';
import { isKeptSecret } from '../secret-mask';
import type { Draft } from './draft';
import { InputField } from './fields';

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

const ACTION_WORDS = {
  dial: 'Rings',
  voicemail: 'Goes to voicemail',
  hangup: 'Apologises and hangs up',
  reject: 'Is rejected',
  gather: 'Is asked to choose',
} as const;

export function routePreview(draft: Draft, call: { from: string; to: string }, at: Date) {
  const parsed = bundleSchema.safeParse({ workspaces: [routable(draft)] });
  if (!parsed.success) return { ok: false as const, problems: parsed.error.issues.length };
  return { ok: true as const, decision: decide({ ...call, caller: classifyCaller(call.from) }, parsed.data, at) };
}

export function PreviewPanel({ draft, saved }: { draft: Draft; saved: Workspace }) {
  const numbers = ((draft.numbers as { number: string }[] | undefined) ?? []).map((number) => number.number);
  const [to, setTo] = useState(numbers[0] ?? '');
  const [from, setFrom] = useState(saved.contacts[0]?.phone ?? '+15555550123');
  const [at, setAt] = useState(() => `${new Date().toISOString().slice(0, 16)}Z`);
  const when = new Date(at);
  const result = useMemo(() => (Number.isNaN(when.getTime()) ? null : routePreview(draft, { from, to }, when)), [draft, from, to, at]);

  return (
    <section class="panel preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Where would this call go</h2>
      <p class="hint">Routed with the settings as you have them now, before saving.</p>
      <InputField id="preview-from" label="Caller" type="text" value={from} onValue={setFrom} />
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
      <div role="status" aria-live="polite" aria-label="Decision">
        {result === null ? (
          <p class="problem">The time is not an ISO-8601 time.</p>
        ) : !result.ok ? (
          <p class="problem">
            The settings have {result.problems} problem{result.problems === 1 ? '' : 's'}; fix {result.problems === 1 ? 'it' : 'them'} to
            see the route.
          </p>
        ) : (
          <Decision decision={result.decision} />
        )}
      </div>
    </section>
  );
}

function Decision({ decision }: { decision: ReturnType<typeof decide> }) {
  return (
    <div class="decision">
      <p class="verdict">
        <strong>{ACTION_WORDS[decision.action]}</strong> by rule <code data-rule={decision.rule}>{decision.rule}</code>
      </p>
      {decision.action === 'dial' ? (
        <ul aria-label="Legs">
          {decision.targets.map((target) => (
            <li>{describeTarget(target)}</li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>Trace and settings</summary>
        <pre>{formatDecision(decision)}</pre>
      </details>
    </div>
  );
}
