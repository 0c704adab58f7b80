// A workspace's settings page: its numbers with every setting of HighLevel's "Phone Number Settings" (seed 000)
// under the seed's own labels, with ring order and ring first (ring-settings.tsx) and the phone menu
// (phone-menu-settings.tsx), then the workspace's inbound options, the person who helped last and spam protection
// (inbound-settings.tsx), business hours, voicemail, text-back (with "Send Test") and users (with do not disturb and
// working hours: availability.tsx); at the top, the signed-in user's own "Do not disturb" switch. Every problem
// shows beside its field, live with the same schema the functions use, and again from the server on save; an
// invalid save writes nothing; a save over someone else's newer one is refused.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CALL_EVENT_TYPES, ID_MAX_LENGTH, WEBHOOK_SECRET_PREFIX } from '../../config/constants';
import { bundleSchema } from '../../config/schema';
import { DEFAULT_SAY_VOICE, SAY_LANGUAGES, sayLanguage } from '../../config/voices';
import { normalizePhones, withPhoneProblems } from '../phone-fields';
import { isKeptSecret } from '../secret-mask';
import { ApiError, call, type ConsoleProblem, type SettingsResponse } from './api';
import { type Draft, fieldId, getAt, setAt } from './draft';
import { CheckField, Group, InputField, NumberField, PhoneField, SelectField, TextField, type FieldContext } from './fields';
import { draftLocale, formatClock, formatPhone, localeOf, parsePhone, timeZoneLabel, type Locale } from './format';
import { problemPlace } from './problem-words';
import { GreetingField } from './greeting-field';
import { ImpactPanel } from './impact';
import { MyDoNotDisturb, UserAvailabilityFields } from './availability';
import { SpamProtectionSettings, StickyAgentSettings } from './inbound-settings';
import { PeopleChoice } from './people';
import { PhoneMenuSettings } from './phone-menu-settings';
import { RingSettings } from './ring-settings';
import { ListField, WeeklyHoursFields, defaultWeeklyHours, formatList, formatPhoneList, listOf, phoneListOf } from './lists';
import { PreviewPanel, routable } from './preview';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; changes: string[] } | { kind: 'error'; message: string };

/**
 * The schema's problems with the draft; a kept secret's stand-in is no problem (the server puts the secret back); a
 * number typed in any form is one (phone-fields.ts), and one that cannot be a number says how to type it.
 */
function liveProblems(draft: Draft, locale: Pick<Locale, 'country'>): ConsoleProblem[] {
  const phones = normalizePhones(draft, locale, { parsePhone }).problems;
  const parsed = bundleSchema.safeParse({ workspaces: [routable(draft)] });
  if (parsed.success) return phones;
  return withPhoneProblems(
    parsed.error.issues.map((issue) => ({ path: issue.path.slice(2).map(String).join('.'), message: issue.message })),
    phones,
  );
}

/** The last save of this page, kept across the new mount its new revision brings: "Saved" stays until the next edit. */
let lastSave: { workspace: string; revision: string; changes: string[] } | null = null;

/** Secrets the server made and shows this once (rotations), by their stand-in. */
type Revealed = Record<string, string>;

export function SettingsPage({
  initial,
  workspaceId,
  userId = null,
  onSaved,
  locale: savedLocale,
  setUnsaved,
}: {
  initial: SettingsResponse;
  workspaceId: string;
  /** The signed-in user's id in this workspace (null for an agency admin): their own "Do not disturb" switch. */
  userId?: string | null;
  onSaved(next: SettingsResponse): void;
  /** The workspace's locale (the shell's): numbers and times in its words. */
  locale?: Locale;
  /** Tells the shell of unsaved edits (it confirms before they are left), or that there are none. */
  setUnsaved?: (what: string | null) => void;
}) {
  const [draft, setDraft] = useState<Draft>(initial.workspace as unknown as Draft);
  const [serverProblems, setServerProblems] = useState<ConsoleProblem[]>([]);
  const [selected, setSelected] = useState(0);
  const [state, setState] = useState<SaveState>(() =>
    lastSave && lastSave.workspace === workspaceId && lastSave.revision === initial.revision
      ? { kind: 'saved', changes: lastSave.changes }
      : { kind: 'idle' },
  );
  const base = savedLocale ?? localeOf(initial.workspace);
  const locale = draftLocale(draft as Parameters<typeof draftLocale>[0], base);
  const savedText = useMemo(() => JSON.stringify(initial.workspace), [initial.workspace]);
  const edited = initial.canEdit && JSON.stringify(draft) !== savedText;
  useEffect(() => setUnsaved?.(edited ? 'the settings' : null), [edited]);
  useEffect(() => () => setUnsaved?.(null), []);
  // The revision saves are based on: the settings read, or the one a rotation of a secret wrote.
  const [revision, setRevision] = useState(initial.revision);
  const [revealed, setRevealed] = useState<Revealed>({});
  const problems = useMemo(() => {
    if (!initial.canEdit) return [];
    const live = liveProblems(draft, locale);
    return [...live, ...serverProblems.filter((problem) => !live.some((known) => known.path === problem.path))];
  }, [draft, serverProblems, initial.canEdit, locale.country]);
  const ctx: FieldContext = {
    draft,
    problems,
    disabled: !initial.canEdit,
    locale,
    change: (path, value) => {
      setDraft((current) => setAt(current, path, value));
      setServerProblems([]);
      setState({ kind: 'idle' });
      lastSave = null;
    },
  };
  const numbers = (draft.numbers as Draft[] | undefined) ?? [];
  const users = (draft.users as Draft[] | undefined) ?? [];
  const rotation: Rotation = {
    revealed,
    rotate: async (index, kept) => {
      const rotated = await call<{ secret: string; kept: string; revision: string }>('console-rotate-secret', {
        workspace: workspaceId,
        revision,
        secret: kept,
      });
      setRevision(rotated.revision);
      setDraft((current) => setAt(current, `webhooks.${index}.secret`, rotated.kept));
      setRevealed((shown) => ({ ...shown, [rotated.kept]: rotated.secret }));
    },
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setState({ kind: 'saving' });
    try {
      const saved = await call<{ revision: string; changes: string[] }>('console-save', {
        workspace: workspaceId,
        revision,
        draft: JSON.stringify(draft),
      });
      setServerProblems([]);
      setState({ kind: 'saved', changes: saved.changes });
      lastSave = { workspace: workspaceId, revision: saved.revision, changes: saved.changes };
      setUnsaved?.(null);
      const reread = await call<SettingsResponse>('console-settings', { workspace: workspaceId });
      onSaved(reread);
    } catch (error) {
      if (error instanceof ApiError && Array.isArray(error.body.problems)) setServerProblems(error.body.problems as ConsoleProblem[]);
      setState({ kind: 'error', message: (error as Error).message });
    }
  };

  const me = userId ? users.findIndex((user) => user.id === userId) : -1;
  const myDoNotDisturb =
    me >= 0 ? (
      <MyDoNotDisturb
        workspaceId={workspaceId}
        user={users[me]!}
        revision={initial.canEdit ? revision : null}
        onChanged={(on, next) => {
          // Written at once: the page's draft and revision follow, so a later save neither undoes nor conflicts with it.
          setRevision(next);
          setDraft((current) => setAt(current, `users.${me}.doNotDisturb`, on));
        }}
      />
    ) : null;

  return (
    <div class="settings-layout">
      <form class="settings" onSubmit={save} aria-label="Settings" data-revision={revision}>
        {myDoNotDisturb}
        {initial.readOnly ? (
          <p class="notice">{initial.readOnly}</p>
        ) : !initial.canEdit ? (
          <p class="notice">You can see these settings; an admin of this workspace can change them.</p>
        ) : null}
        {problems.length ? (
          <div class="problems-summary" role="alert">
            <p>
              {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before saving:
            </p>
            <ul>
              {problems.map((problem) => (
                <li title={problem.path || undefined}>
                  {problemPlace(problem.path, draft)}: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <section class="panel" aria-labelledby="numbers-title">
          <h2 id="numbers-title">Phone numbers</h2>
          {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons that pick a number, not form fields a fieldset would group */}
          <div class="number-tabs" role="group" aria-label="Choose a number">
            {numbers.map((number, n) => (
              <button type="button" aria-pressed={n === selected} onClick={() => setSelected(n)} title={String(number.number)}>
                {String(number.name ?? number.number)} <span class="muted">{formatPhone(String(number.number), locale)}</span>
              </button>
            ))}
          </div>
          {numbers[selected] ? (
            <NumberSettings ctx={ctx} n={selected} users={users} />
          ) : (
            <p>This workspace has no numbers yet (npm run numbers -- buy NUMBER --workspace {workspaceId}).</p>
          )}
        </section>

        <WorkspaceSettings
          ctx={ctx}
          users={users}
          savedUsers={initial.workspace.users.map((user) => user.id)}
          workspaceId={workspaceId}
          canEdit={initial.canEdit}
          rotation={rotation}
        />

        <div class="save-bar">
          <button type="submit" disabled={!initial.canEdit || state.kind === 'saving'}>
            Save
          </button>
          <button type="button" class="secondary to-preview" onClick={toPreview}>
            Preview a call
          </button>
          {/* What the store changed (documents, fields) is for the curious: a hover away, not in the owner's words. */}
          <p role="status" aria-live="polite" title={state.kind === 'saved' && state.changes.length ? state.changes.join('; ') : undefined}>
            {state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? 'Saved.' : state.kind === 'error' ? state.message : ''}
          </p>
        </div>
      </form>
      <PreviewPanel draft={draft} saved={initial.workspace} locale={base} />
      <ImpactPanel draft={draft} workspaceId={workspaceId} canEdit={initial.canEdit} workspace={initial.workspace} locale={locale} />
    </div>
  );
}

const userOptions = (users: Draft[], none: string) => [
  { value: null, label: none },
  ...users.map((user) => ({ value: String(user.id), label: String(user.name) })),
];

function NumberSettings({ ctx, n, users }: { ctx: FieldContext; n: number; users: Draft[] }) {
  const at = (field: string) => `numbers.${n}.${field}`;
  const number = getAt(ctx.draft, `numbers.${n}`) as Draft;
  const afterHours = (number.afterHours as { action?: string } | undefined)?.action ?? 'voicemail';
  return (
    <Group
      ctx={ctx}
      legend={`Settings of ${String(number.name ?? '')} ${ctx.locale ? formatPhone(String(number.number), ctx.locale) : String(number.number)}`.replace(
        /\s+/g,
        ' ',
      )}
      path={`numbers.${n}`}
    >
      <TextField ctx={ctx} label="Number Name" path={at('name')} />
      <SelectField
        ctx={ctx}
        label="Status"
        path={at('status')}
        options={[
          { value: 'active', label: 'Active' },
          { value: 'inactive', label: 'Inactive (calls are rejected)' },
        ]}
      />
      <SelectField
        ctx={ctx}
        label="Mode"
        path={at('mode')}
        options={[
          { value: 'standard', label: 'Standard routing' },
          { value: 'forward', label: 'Always forward to the forwarding number' },
          { value: 'voicemail', label: 'Straight to voicemail' },
        ]}
      />
      <PhoneField ctx={ctx} label="Forwarding Number" path={at('forwardingNumber')} />
      <SelectField ctx={ctx} label="Assigned user" path={at('assignedUser')} options={userOptions(users, 'Nobody')} />
      <CheckField ctx={ctx} label="Pass Called Number As Caller ID" path={at('passCalledNumberAsCallerId')} />
      <PhoneField
        ctx={ctx}
        label="Use Your Verified Number as CallerID for Outbound Calls"
        path={at('verifiedCallerId')}
        hint="A number verified in your Twilio account; blank uses this number"
      />
      <CheckField ctx={ctx} label="Enable Call Connect" path={at('callConnect.enabled')} />
      <TextField ctx={ctx} label="Whisper Message" path={at('callConnect.whisper')} multiline />
      <CheckField ctx={ctx} label="Call Recording" path={at('recording.enabled')} />
      <TextField ctx={ctx} label="Recording announcement" path={at('recording.announcement')} multiline />
      <NumberField ctx={ctx} label="Inbound timeout" path={at('inboundTimeout')} hint="Seconds; blank uses the workspace's, else 60" />
      <NumberField ctx={ctx} label="Outbound timeout" path={at('outboundTimeout')} hint="Seconds; blank is 60" />
      <PeopleChoice ctx={ctx} legend="Ring Incoming Calls to All Users" path={at('ringUsers')} users={users} idPrefix={`ring-${n}`} />
      <RingSettings ctx={ctx} n={n} users={users} />
      <PhoneMenuSettings ctx={ctx} n={n} users={users} />
      <SelectField
        ctx={ctx}
        label="After hours"
        path={at('afterHours.action')}
        options={[
          { value: 'voicemail', label: 'Voicemail' },
          { value: 'ring', label: 'Ring as usual' },
          { value: 'forward', label: 'Forward to a number' },
        ]}
      />
      {afterHours === 'forward' ? <PhoneField ctx={ctx} label="After-hours forward to" path={at('afterHours.forwardTo')} /> : null}
      <SelectField
        ctx={ctx}
        label="Missed call text back for this number"
        path={at('textBack.enabled')}
        options={[
          { value: null, label: "The workspace's setting" },
          { value: true, label: 'On' },
          { value: false, label: 'Off' },
        ]}
      />
      <TextField
        ctx={ctx}
        label="Text back message for this number"
        path={at('textBack.message')}
        multiline
        hint="Blank uses the workspace's message"
      />
    </Group>
  );
}

function WorkspaceSettings({
  ctx,
  users,
  savedUsers,
  workspaceId,
  canEdit,
  rotation,
}: {
  ctx: FieldContext;
  users: Draft[];
  /** The ids of the users as saved: a user added since can still have their id changed. */
  savedUsers: string[];
  workspaceId: string;
  canEdit: boolean;
  rotation: Rotation;
}) {
  const keepsHours = getAt(ctx.draft, 'businessHours') !== null && getAt(ctx.draft, 'businessHours') !== undefined;
  return (
    <>
      <section class="panel" aria-labelledby="business-title">
        <h2 id="business-title">Business</h2>
        <TextField ctx={ctx} label="Business name" path="name" />
        <TextField ctx={ctx} label="Time zone" path="timeZone" hint={zoneHint(ctx)} />
        <PhoneField ctx={ctx} label="Company phone" path="companyPhone" hint="The business phone number, as you would dial it" />
        <SpeechSettings ctx={ctx} />
        <CheckField ctx={ctx} label="Ring user assigned to called number" path="inbound.ringAssignedUser" />
        <CheckField ctx={ctx} label="Forward calls to business phone number" path="inbound.forwardToCompanyPhone" />
        <NumberField
          ctx={ctx}
          label="Incoming call timeout"
          path="inbound.timeout"
          hint="Seconds, for numbers without their own; blank is 60"
        />
        <NumberField
          ctx={ctx}
          label="Most calls per caller per minute"
          path="inbound.maxCallsPerCallerPerMinute"
          blank={10}
          hint="More are rejected as busy; 0 turns the guard off"
        />
      </section>

      <StickyAgentSettings ctx={ctx} />
      <SpamProtectionSettings ctx={ctx} />

      <section class="panel" aria-labelledby="hours-title">
        <h2 id="hours-title">Business hours</h2>
        <div class="field check">
          <input
            type="checkbox"
            id="keeps-hours"
            checked={keepsHours}
            disabled={ctx.disabled}
            onChange={() => ctx.change('businessHours', keepsHours ? null : { weekly: defaultWeeklyHours(), closedDates: [] })}
          />
          <label for="keeps-hours">Keep business hours</label>
        </div>
        {keepsHours ? (
          <>
            <WeeklyHoursFields ctx={ctx} path="businessHours.weekly" />
            <ListField
              ctx={ctx}
              label="Closed dates"
              path="businessHours.closedDates"
              hint="YYYY-MM-DD, separated by commas"
              parse={listOf}
              format={formatList}
            />
          </>
        ) : (
          <p class="hint">Always open: after-hours settings never apply.</p>
        )}
      </section>

      <section class="panel" aria-labelledby="voicemail-title">
        <h2 id="voicemail-title">Voicemail</h2>
        <TextField
          ctx={ctx}
          label="Voicemail greeting"
          path="voicemail.greetingText"
          multiline
          hint="Spoken to callers who reach voicemail"
        />
        <GreetingField
          ctx={ctx}
          label="Company voicemail greeting"
          urlPath="voicemail.greetingUrl"
          hint="Played instead of the text to callers who reach voicemail, after hours too"
        />
        <NumberField ctx={ctx} label="Longest voicemail (seconds)" path="voicemail.maxLengthSeconds" blank={120} />
      </section>

      <section class="panel" aria-labelledby="textback-title">
        <h2 id="textback-title">Missed call text back</h2>
        <CheckField ctx={ctx} label="Enable missed call text back" path="textBack.enabled" />
        <TextField
          ctx={ctx}
          label="Message"
          path="textBack.message"
          multiline
          hint="Custom values such as {{contact.first_name | there}} and {{business.name}}"
        />
        <NumberField ctx={ctx} label="One text per caller within (minutes)" path="textBack.windowMinutes" blank={20} />
        <ListField
          ctx={ctx}
          label="Never text these numbers"
          path="textBack.doNotText"
          hint="Numbers as you would dial them, separated by commas"
          parse={phoneListOf(ctx.locale)}
          format={formatPhoneList(ctx.locale)}
        />
        <CheckField
          ctx={ctx}
          label='End the first text a caller gets with "Reply STOP to opt out"'
          path="textBack.optOutLine"
          hint="Left off when the message already says how to opt out"
        />
        <SendTest workspaceId={workspaceId} canEdit={canEdit} draft={ctx.draft} />
      </section>

      <NotificationSettings ctx={ctx} users={users} />

      <WebhookSettings ctx={ctx} rotation={rotation} />

      <section class="panel" aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        {users.map((user, u) => (
          <Group ctx={ctx} legend={String(user.name)} path={`users.${u}`}>
            {savedUsers.includes(String(user.id)) ? null : (
              <TextField
                ctx={ctx}
                label={`Id of ${String(user.name)}`}
                path={`users.${u}.id`}
                hint="Made from the name; lower-case letters, digits and hyphens. It can be changed until you save."
              />
            )}
            <TextField ctx={ctx} label={`Name of ${String(user.id)}`} path={`users.${u}.name`} />
            <PhoneField ctx={ctx} label={`Phone of ${String(user.id)}`} path={`users.${u}.phone`} />
            <TextField ctx={ctx} label={`Extension of ${String(user.id)}`} path={`users.${u}.extension`} />
            <SelectField
              ctx={ctx}
              label={`Role of ${String(user.id)}`}
              path={`users.${u}.role`}
              options={[
                { value: 'user', label: 'User: own calls and the web phone' },
                { value: 'admin', label: 'Admin: edits this workspace' },
              ]}
            />
            <CheckField ctx={ctx} label={`Web app for ${String(user.id)}`} path={`users.${u}.webApp`} />
            <CheckField ctx={ctx} label={`Mobile app for ${String(user.id)}`} path={`users.${u}.mobileApp`} />
            <TextField
              ctx={ctx}
              label={`Voicemail greeting of ${String(user.id)}`}
              path={`users.${u}.voicemail.greetingText`}
              multiline
              hint="Spoken when a call that rang this user goes to voicemail; blank uses the workspace's"
            />
            <GreetingField
              ctx={ctx}
              label={`Voicemail greeting of ${String(user.name)}`}
              urlPath={`users.${u}.voicemail.greetingUrl`}
              hint="Played instead of the text; blank uses the workspace's"
            />
            <UserAvailabilityFields ctx={ctx} u={u} />
            <RemoveUser ctx={ctx} user={user} />
          </Group>
        ))}
        <AddUser ctx={ctx} users={users} />
      </section>
    </>
  );
}

/**
 * Notifications of missed calls, voicemails and replies (workspaces[].notifications): who gets them (the users
 * concerned by default, or the users ticked here), which events, quiet hours, transcription.
 */
function NotificationSettings({ ctx, users }: { ctx: FieldContext; users: Draft[] }) {
  const recipients = getAt(ctx.draft, 'notifications.recipients');
  const listed = Array.isArray(recipients) ? (recipients as string[]) : [];
  const events = (getAt(ctx.draft, 'notifications.events') as string[] | undefined) ?? ['missed-call', 'voicemail', 'reply'];
  const quiet = getAt(ctx.draft, 'notifications.quietHours') as Draft | null | undefined;
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((entry) => entry !== value) : [...list, value]);
  return (
    <section class="panel" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <fieldset>
        <legend>Notify by text</legend>
        {NOTIFICATION_LABELS.map(([event, label]) => (
          <div class="field check">
            <input
              type="checkbox"
              id={`notify-${event}`}
              checked={events.includes(event)}
              disabled={ctx.disabled}
              onChange={() => ctx.change('notifications.events', toggle(events, event))}
            />
            <label for={`notify-${event}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Who is notified</legend>
        <p class="hint">None ticked: the contact's assigned user, else the users the call rang, else the admins.</p>
        {users.map((user) => (
          <div class="field check">
            <input
              type="checkbox"
              id={`notify-user-${String(user.id)}`}
              checked={listed.includes(String(user.id))}
              disabled={ctx.disabled}
              onChange={() => {
                const next = toggle(listed, String(user.id));
                ctx.change('notifications.recipients', next.length ? next : 'rung-users');
              }}
            />
            <label for={`notify-user-${String(user.id)}`}>Notify {String(user.name)}</label>
          </div>
        ))}
        {ctx.problems
          .filter((problem) => problem.path.startsWith('notifications.recipients'))
          .map((problem) => (
            <p class="problem">{problem.message}</p>
          ))}
      </fieldset>
      <div class="field check">
        <input
          type="checkbox"
          id="keeps-quiet-hours"
          checked={Boolean(quiet)}
          disabled={ctx.disabled}
          onChange={() => ctx.change('notifications.quietHours', quiet ? null : { start: '21:00', end: '08:00' })}
        />
        <label for="keeps-quiet-hours">Keep quiet hours</label>
      </div>
      {quiet ? (
        <>
          <TextField
            ctx={ctx}
            label="Quiet from"
            path="notifications.quietHours.start"
            hint={`HH:MM, ${ctx.locale ? timeZoneLabel(ctx.locale) : "the workspace's time zone"}`}
          />
          <TextField
            ctx={ctx}
            label="Quiet until"
            path="notifications.quietHours.end"
            hint="HH:MM; earlier than the start means the next morning"
          />
        </>
      ) : null}
      <CheckField ctx={ctx} label="Transcribe voicemails" path="notifications.transcription" />
    </section>
  );
}

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64, made in the browser. */
function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `${WEBHOOK_SECRET_PREFIX}${btoa(String.fromCharCode(...bytes))}`;
}

/** Rotating a webhook's secret (console-rotate-secret), and the secrets rotated on this page, shown this once. */
interface Rotation {
  revealed: Revealed;
  rotate(index: number, kept: string): Promise<void>;
}

/**
 * A webhook's signing secret: a new one (made in this page) is shown in full, to give to the receiver; a stored one
 * only as "hidden", with Rotate, whose new secret the server makes and this page shows once.
 */
function WebhookSecret({ ctx, w, rotation }: { ctx: FieldContext; w: number; rotation: Rotation }) {
  const path = `webhooks.${w}.secret`;
  const [status, setStatus] = useState('');
  const secret = getAt(ctx.draft, path);
  if (!isKeptSecret(secret))
    return (
      <TextField
        ctx={ctx}
        label={`Signing secret of webhook ${w + 1}`}
        path={path}
        hint="whsec_ and base64; copy it to the receiver now: once saved it is never shown again"
      />
    );
  const shown = rotation.revealed[secret];
  const id = fieldId(path);
  const rotate = async () => {
    setStatus('Rotating…');
    try {
      await rotation.rotate(w, secret);
      setStatus('');
    } catch (error) {
      setStatus((error as Error).message);
    }
  };
  return (
    <div class="field">
      <label for={id}>{`Signing secret of webhook ${w + 1}`}</label>
      <input type="text" id={id} readOnly value={shown ?? 'whsec_••••••••••••••••'} aria-describedby={`${id}-hint`} />
      <p class="hint" id={`${id}-hint`}>
        {shown
          ? 'The new secret, shown this once: copy it to the receiver now. The old one no longer signs.'
          : 'Hidden: a secret is shown only when it is made.'}
      </p>
      <button type="button" class="secondary" disabled={ctx.disabled} onClick={rotate}>
        Rotate secret of webhook {w + 1}
      </button>
      <p role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

/** The workspace's call-event endpoints (workspaces[].webhooks): URL, events, signing secret; added and removed here. */
function WebhookSettings({ ctx, rotation }: { ctx: FieldContext; rotation: Rotation }) {
  const webhooks = (getAt(ctx.draft, 'webhooks') as Draft[] | undefined) ?? [];
  return (
    <section class="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p class="hint">Signed call events (Standard Webhooks) for a CRM or Zapier: deployed, https only.</p>
      {webhooks.map((webhook, w) => {
        const events = (webhook.events as string[] | undefined) ?? [];
        const path = `webhooks.${w}`;
        return (
          <Group ctx={ctx} legend={`Webhook ${w + 1}`} path={path}>
            <TextField ctx={ctx} label={`URL of webhook ${w + 1}`} path={`${path}.url`} hint="Such as https://example.com/hooks/calls" />
            <WebhookSecret ctx={ctx} w={w} rotation={rotation} />
            <fieldset>
              <legend>Events sent to webhook {w + 1}</legend>
              {CALL_EVENT_TYPES.map((type) => (
                <div class="field check">
                  <input
                    type="checkbox"
                    id={`webhook-${w}-${type}`}
                    checked={events.includes(type)}
                    disabled={ctx.disabled}
                    onChange={() =>
                      ctx.change(`${path}.events`, events.includes(type) ? events.filter((entry) => entry !== type) : [...events, type])
                    }
                  />
                  <label for={`webhook-${w}-${type}`}>{type}</label>
                </div>
              ))}
              {ctx.problems
                .filter((problem) => problem.path.startsWith(`${path}.events`))
                .map((problem) => (
                  <p class="problem">{problem.message}</p>
                ))}
            </fieldset>
            <button
              type="button"
              class="secondary"
              disabled={ctx.disabled}
              onClick={() =>
                ctx.change(
                  'webhooks',
                  webhooks.filter((_, index) => index !== w),
                )
              }
            >
              Remove webhook {w + 1}
            </button>
          </Group>
        );
      })}
      <button
        type="button"
        disabled={ctx.disabled}
        onClick={() => ctx.change('webhooks', [...webhooks, { url: '', secret: newWebhookSecret(), events: [...CALL_EVENT_TYPES] }])}
      >
        Add webhook
      </button>
    </section>
  );
}

const NOTIFICATION_LABELS = [
  ['missed-call', 'Missed calls'],
  ['voicemail', 'Voicemails'],
  ['reply', 'Replies to the missed call text'],
] as const;

/**
 * A number's "Ring first" and phone menu without this user: ring first with nobody left is off; a menu option that
 * rang only them is left ringing nobody (its problem shows beside it); a message option with their greeting takes the company's.
 */
function withoutUserInTiers(number: Draft, userId: string): Draft {
  const changed: Draft = {};
  const ringFirst = number.ringFirst as { users?: string[] } | null | undefined;
  if (ringFirst && Array.isArray(ringFirst.users) && ringFirst.users.includes(userId)) {
    const users = ringFirst.users.filter((id) => id !== userId);
    changed.ringFirst = users.length ? { ...ringFirst, users } : null;
  }
  const menu = number.menu as { options?: Record<string, Draft> } | null | undefined;
  if (menu?.options) {
    const options = Object.fromEntries(
      Object.entries(menu.options).map(([digit, option]) => [
        digit,
        Array.isArray(option.users)
          ? { ...option, users: (option.users as string[]).filter((id) => id !== userId) }
          : option.user === userId
            ? { ...option, user: null }
            : option,
      ]),
    );
    changed.menu = { ...menu, options };
  }
  return changed;
}

/**
 * The workspace without this user, and without the references to them: assigned numbers, ring groups, ring first,
 * phone menus, notification recipients.
 */
export function withoutUser(workspace: Draft, userId: string): Draft {
  const users = ((workspace.users as Draft[] | undefined) ?? []).filter((user) => user.id !== userId);
  const numbers = ((workspace.numbers as Draft[] | undefined) ?? []).map((number) => ({
    ...number,
    ...(number.assignedUser === userId ? { assignedUser: null } : {}),
    ...(Array.isArray(number.ringUsers) ? { ringUsers: (number.ringUsers as string[]).filter((id) => id !== userId) } : {}),
    ...withoutUserInTiers(number, userId),
  }));
  const notifications = workspace.notifications as Draft | undefined;
  const listed = Array.isArray(notifications?.recipients) ? (notifications.recipients as string[]).filter((id) => id !== userId) : null;
  return {
    ...workspace,
    users,
    numbers,
    ...(notifications && listed ? { notifications: { ...notifications, recipients: listed.length ? listed : 'rung-users' } } : {}),
  };
}

/** A user's id made from their name: "Dee O'Hara" -> "dee-ohara" (lower-case letters and digits joined by hyphens). */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ID_MAX_LENGTH)
    .replace(/-+$/, '');
}

/** An id not yet taken by another user of the workspace: the name's, else with 2, 3... after it. */
function freeId(name: string, users: Draft[]): string {
  const base = idFromName(name) || 'user';
  const taken = new Set(users.map((user) => String(user.id)));
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base.slice(0, ID_MAX_LENGTH - String(n).length - 1)}-${n}`;
  return id;
}

/** A new user: their name (their id is made from it, and can be changed under them until the settings are saved). */
function AddUser({ ctx, users }: { ctx: FieldContext; users: Draft[] }) {
  const [name, setName] = useState('');
  const add = () => {
    ctx.change('users', [...users, { id: freeId(name.trim(), users), name: name.trim() }]);
    setName('');
  };
  return (
    <fieldset>
      <legend>Add a user</legend>
      <InputField id="new-user-name" label="New user's name" type="text" value={name} disabled={ctx.disabled} onValue={setName}>
        {name.trim() ? <p class="hint">Their id will be {freeId(name.trim(), users)}; you can change it until you save.</p> : null}
      </InputField>
      <button type="button" disabled={ctx.disabled || !name.trim()} onClick={add}>
        Add user
      </button>
    </fieldset>
  );
}

/** Removing a user asks first: the user and every reference to them (ring groups, menus, notifications) go. */
function RemoveUser({ ctx, user }: { ctx: FieldContext; user: Draft }) {
  const [asking, setAsking] = useState(false);
  const name = String(user.name);
  if (!asking)
    return (
      <button type="button" class="secondary" disabled={ctx.disabled} onClick={() => setAsking(true)}>
        Remove {name}
      </button>
    );
  return (
    <fieldset class="confirm">
      <legend>Remove {name}?</legend>
      <p>They leave every ring group, menu and notification list; nothing is saved until you press Save.</p>
      <button type="button" class="danger" onClick={() => ctx.change('', withoutUser(ctx.draft, String(user.id)))}>
        Yes, remove {name}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        Keep {name}
      </button>
    </fieldset>
  );
}

/**
 * HighLevel's "Send Test": the message on screen (saved or not, with the opt-out line as ticked), to a number typed
 * in any form, from the workspace's first number that texts.
 */
function SendTest({ workspaceId, canEdit, draft }: { workspaceId: string; canEdit: boolean; draft: Draft }) {
  const [to, setTo] = useState('');
  const [result, setResult] = useState('');
  const message = getAt(draft, 'textBack.message');
  const optOutLine = getAt(draft, 'textBack.optOutLine');
  const send = async () => {
    setResult('Sending…');
    try {
      const outcome = await call<{ status: string; to?: string; body?: string; detail?: string }>('console-send-test', {
        workspace: workspaceId,
        to,
        message: typeof message === 'string' ? message : '',
        optOutLine: String(optOutLine !== false),
      });
      setResult(`${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}${outcome.body ? `: "${outcome.body}"` : ''}`);
    } catch (error) {
      setResult((error as Error).message);
    }
  };
  return (
    <div class="send-test">
      <InputField id="send-test-to" label="Send a test to" type="tel" value={to} disabled={!canEdit} onValue={setTo}>
        <p class="hint">The message above as it is now, saved or not; the number as you would dial it.</p>
      </InputField>
      <button type="button" disabled={!canEdit || !to.trim()} onClick={send}>
        Send Test
      </button>
      <p role="status" aria-live="polite">
        {result}
      </p>
    </div>
  );
}

/** The time zone field's hint: the zone by its name and the time there now. */
function zoneHint(ctx: FieldContext): string {
  const locale = ctx.locale;
  if (!locale || getAt(ctx.draft, 'timeZone') !== locale.timeZone) return 'A place name such as America/New_York';
  const now = new Date();
  return `${timeZoneLabel(locale, now)}: ${formatClock(now, locale)} there now. Every time on these pages is in this zone.`;
}

/** The language and voice of the workspace's spoken prompts (greetings, whisper, announcement, menu). */
function SpeechSettings({ ctx }: { ctx: FieldContext }) {
  const speech = (getAt(ctx.draft, 'speech') as { language?: string; voice?: string } | undefined) ?? DEFAULT_SAY_VOICE;
  const language = sayLanguage(speech.language ?? '') ?? sayLanguage(DEFAULT_SAY_VOICE.language)!;
  return (
    <>
      <SelectField
        ctx={{
          ...ctx,
          // A new language takes its first voice: a voice always speaks the language it reads.
          change: (_path, value) => {
            const chosen = sayLanguage(String(value));
            if (chosen) ctx.change('speech', { language: chosen.language, voice: chosen.voices[0]!.voice });
          },
        }}
        label="Language of spoken prompts"
        path="speech.language"
        hint="Greetings, whisper, recording announcement and phone menu are read in it"
        options={SAY_LANGUAGES.map((entry) => ({ value: entry.language, label: entry.label }))}
      />
      <SelectField
        ctx={ctx}
        label="Voice"
        path="speech.voice"
        options={language.voices.map((entry) => ({ value: entry.voice, label: entry.label }))}
      />
    </>
  );
}

/** Brings the preview into view (on a phone it is below the settings): one tap from anywhere on the page. */
function toPreview() {
  const preview = document.getElementById('preview');
  preview?.scrollIntoView({ block: 'start' });
  preview?.querySelector<HTMLElement>('input, select')?.focus({ preventScroll: true });
}
