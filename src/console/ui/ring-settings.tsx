// A number's ring order and tiers, and its phone menu, in an owner's words: "Ring order: all at once / one at a
// time / round robin" with the seconds each person rings and the order they ring in; "Ring first" (some people alone,
// for a while, before the rest); and "Phone menu" (a greeting, options by key, the default key, whether callers may
// say an option). People are shown by name; each problem shows beside its field, at the schema's path.
import { RING_ORDERS } from '../../config/constants';
import { type Draft, getAt } from './draft';
import { CheckField, type Choice, Group, NumberField, SelectField, TextField, type FieldContext } from './fields';
import { ListField, formatList, listOf } from './lists';

const RING_ORDER_LABELS: Record<(typeof RING_ORDERS)[number], string> = {
  together: 'All at once',
  'in-order': 'One at a time, in the order below',
  'round-robin': 'Round robin: one at a time, each call starting with the next person',
};

const nameOf = (users: Draft[], id: string) => String(users.find((user) => user.id === id)?.name ?? id);

/** Problems at this path or inside it, shown under a group of checkboxes (which have no one field to sit beside). */
function GroupProblems({ ctx, path }: { ctx: FieldContext; path: string }) {
  return (
    <>
      {ctx.problems
        .filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`))
        .map((problem) => (
          <p class="problem">{problem.message}</p>
        ))}
    </>
  );
}

/** Checkboxes of the workspace's users (by name) for a list of user ids at `path`; ticking adds to the end. */
function PeopleChoice({
  ctx,
  legend,
  path,
  users,
  idPrefix,
}: {
  ctx: FieldContext;
  legend: string;
  path: string;
  users: Draft[];
  idPrefix: string;
}) {
  const chosen = (getAt(ctx.draft, path) as string[] | undefined) ?? [];
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {users.map((user) => {
        const id = `${idPrefix}-${String(user.id)}`;
        const on = chosen.includes(String(user.id));
        return (
          <div class="field check">
            <input
              type="checkbox"
              id={id}
              checked={on}
              disabled={ctx.disabled}
              onChange={() => ctx.change(path, on ? chosen.filter((entry) => entry !== user.id) : [...chosen, String(user.id)])}
            />
            <label for={id}>{String(user.name)}</label>
          </div>
        );
      })}
      <GroupProblems ctx={ctx} path={path} />
    </fieldset>
  );
}

/** The ring group's order, one at a time: each person with buttons that move them earlier or later. */
function RingGroupOrder({ ctx, path, users }: { ctx: FieldContext; path: string; users: Draft[] }) {
  const order = (getAt(ctx.draft, path) as string[] | undefined) ?? [];
  if (order.length < 2) return null;
  const move = (from: number, to: number) => {
    const next = [...order];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    ctx.change(path, next);
  };
  return (
    <div class="field">
      <p id={`${path}-order`}>They ring in this order:</p>
      <ol class="ring-order" aria-labelledby={`${path}-order`}>
        {order.map((id, at) => (
          <li>
            <span>{nameOf(users, id)}</span>
            <div class="moves">
              <button type="button" class="secondary small" disabled={ctx.disabled || at === 0} onClick={() => move(at, at - 1)}>
                Move<span class="visually-hidden"> {nameOf(users, id)}</span> earlier
              </button>
              <button
                type="button"
                class="secondary small"
                disabled={ctx.disabled || at === order.length - 1}
                onClick={() => move(at, at + 1)}
              >
                Move<span class="visually-hidden"> {nameOf(users, id)}</span> later
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Ring order, seconds each, the order itself, and "Ring first" of number `n`. */
export function RingSettings({ ctx, n, users }: { ctx: FieldContext; n: number; users: Draft[] }) {
  const at = (field: string) => `numbers.${n}.${field}`;
  const order = (getAt(ctx.draft, at('ringOrder')) as string | undefined) ?? 'together';
  const ringFirst = getAt(ctx.draft, at('ringFirst')) as Draft | null | undefined;
  const ringUsers = (getAt(ctx.draft, at('ringUsers')) as string[] | undefined) ?? [];
  return (
    <>
      <SelectField
        ctx={ctx}
        label="Ring order"
        path={at('ringOrder')}
        options={RING_ORDERS.map((value) => ({ value, label: RING_ORDER_LABELS[value] }))}
        hint="How the people ticked above ring"
      />
      {order !== 'together' ? (
        <>
          <NumberField
            ctx={ctx}
            label="Seconds each"
            path={at('ringSecondsEach')}
            blank={15}
            hint="How long each person rings before the next; 5 to 120"
          />
          <RingGroupOrder ctx={ctx} path={at('ringUsers')} users={users} />
        </>
      ) : null}
      <div class="field check">
        <input
          type="checkbox"
          id={`ring-first-on-${n}`}
          checked={Boolean(ringFirst)}
          disabled={ctx.disabled}
          onChange={() => ctx.change(at('ringFirst'), ringFirst ? null : { users: ringUsers.slice(0, 1), seconds: 15 })}
          aria-describedby={`ring-first-on-${n}-hint`}
        />
        <label for={`ring-first-on-${n}`}>Ring someone first</label>
        <p class="hint" id={`ring-first-on-${n}-hint`}>
          Such as the owner for 15 seconds, then the team
        </p>
      </div>
      {ringFirst ? (
        <>
          <PeopleChoice ctx={ctx} legend="Ring first" path={at('ringFirst.users')} users={users} idPrefix={`ring-first-${n}`} />
          <NumberField
            ctx={ctx}
            label="Seconds ringing them first"
            path={at('ringFirst.seconds')}
            hint="5 to 120; then the people above ring, in the ring order"
          />
        </>
      ) : null}
    </>
  );
}

type OptionAction = 'ring' | 'voicemail' | 'forward';
const ACTION_CHOICES: Choice[] = [
  { value: 'ring', label: 'Ring these people' },
  { value: 'voicemail', label: 'Take a message' },
  { value: 'forward', label: 'Forward to a number' },
];
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The option as `action` wants it (each action has its own fields), keeping its name and words. */
function optionAs(option: Draft, action: OptionAction, users: Draft[]): Draft {
  const common = { label: option.label ?? '', words: option.words ?? [] };
  if (action === 'ring')
    return { ...common, action, users: Array.isArray(option.users) ? option.users : users.slice(0, 1).map((user) => user.id) };
  if (action === 'voicemail') return { ...common, action, user: option.user ?? null };
  return { ...common, action, to: option.to ?? '' };
}

/** The options with one key given another (an object's digit keys are listed in order, so the options stay by key). */
const rekeyed = (options: Record<string, Draft>, from: string, to: string): Record<string, Draft> =>
  Object.fromEntries(Object.entries(options).map(([digit, option]) => [digit === from ? to : digit, option]));

/** "Phone menu" of number `n`: on or off, its greeting (spoken text or an audio link), its options, the default key. */
export function PhoneMenuSettings({ ctx, n, users }: { ctx: FieldContext; n: number; users: Draft[] }) {
  const path = `numbers.${n}.menu`;
  const menu = getAt(ctx.draft, path) as Draft | null | undefined;
  const business = String(getAt(ctx.draft, 'name') ?? 'us');
  const turnOn = () =>
    ctx.change(path, {
      greeting: { text: `Thanks for calling ${business}.` },
      options: {
        '1': { label: 'The team', action: 'ring', users: users.slice(0, 1).map((user) => user.id), words: [] },
        '2': { label: 'Leave a message', action: 'voicemail', user: null, words: [] },
      },
      default: '1',
      speech: false,
    });
  return (
    <fieldset>
      <legend>Phone menu</legend>
      <div class="field check">
        <input
          type="checkbox"
          id={`menu-on-${n}`}
          checked={Boolean(menu)}
          disabled={ctx.disabled}
          onChange={() => (menu ? ctx.change(path, null) : turnOn())}
          aria-describedby={`menu-on-${n}-hint`}
        />
        <label for={`menu-on-${n}`}>Answer with a phone menu</label>
        <p class="hint" id={`menu-on-${n}-hint`}>
          Callers press a key (1 to 9) to choose where their call goes. "Always forward" and "Straight to voicemail" still come first.
        </p>
      </div>
      {menu ? <MenuEditor ctx={ctx} path={path} menu={menu} users={users} /> : null}
    </fieldset>
  );
}

function MenuEditor({ ctx, path, menu, users }: { ctx: FieldContext; path: string; menu: Draft; users: Draft[] }) {
  const greeting = (menu.greeting as Draft | undefined) ?? {};
  const byAudio = 'url' in greeting;
  const options = (menu.options as Record<string, Draft> | undefined) ?? {};
  const digits = Object.keys(options).sort();
  const free = DIGITS.filter((digit) => !digits.includes(digit));
  const setOptions = (next: Record<string, Draft>) => ctx.change(`${path}.options`, next);
  const greetingChoice = `${path}.greetingKind`;
  return (
    <>
      <div class="field">
        <label for={greetingChoice.replace(/\W+/g, '-')}>Greeting</label>
        <select
          id={greetingChoice.replace(/\W+/g, '-')}
          disabled={ctx.disabled}
          onChange={(event) => {
            const audio = (event.currentTarget as HTMLSelectElement).value === 'audio';
            if (audio !== byAudio) ctx.change(`${path}.greeting`, audio ? { url: '' } : { text: '' });
          }}
        >
          <option value="text" selected={!byAudio}>
            Spoken text
          </option>
          <option value="audio" selected={byAudio}>
            An audio recording (link)
          </option>
        </select>
      </div>
      {byAudio ? (
        <TextField ctx={ctx} label="Greeting recording" path={`${path}.greeting.url`} hint="An https:// MP3 or WAV link" />
      ) : (
        <TextField
          ctx={ctx}
          label="Greeting words"
          path={`${path}.greeting.text`}
          multiline
          hint='What callers hear first; then each option is said with its key ("For Sales, press 1")'
        />
      )}
      {digits.map((digit, position) => (
        <MenuOption
          ctx={ctx}
          path={`${path}.options.${digit}`}
          digit={digit}
          number={position + 1}
          option={options[digit]!}
          users={users}
          keys={[digit, ...free].sort()}
          speech={menu.speech === true}
          rekey={(to) => {
            setOptions(rekeyed(options, digit, to));
            if (menu.default === digit) ctx.change(`${path}.default`, to);
          }}
          change={(option) => setOptions({ ...options, [digit]: option })}
          remove={() => {
            const left = Object.fromEntries(Object.entries(options).filter(([key]) => key !== digit));
            setOptions(left);
            // The default goes to the first option left (none left: the menu's own problem says so).
            const first = Object.keys(left)[0];
            if (menu.default === digit && first) ctx.change(`${path}.default`, first);
          }}
        />
      ))}
      <GroupProblems ctx={ctx} path={`${path}.options`} />
      <button
        type="button"
        disabled={ctx.disabled || free.length === 0}
        onClick={() => setOptions({ ...options, [free[0]!]: { label: '', action: 'voicemail', user: null, words: [] } })}
      >
        Add an option
      </button>
      <SelectField
        ctx={ctx}
        label="Default key"
        path={`${path}.default`}
        options={digits.map((digit) => ({ value: digit, label: `${digit}: ${String(options[digit]?.label || 'unnamed')}` }))}
        hint="Taken when the caller presses nothing or a wrong key twice"
      />
      <CheckField
        ctx={ctx}
        label="Let callers say it"
        path={`${path}.speech`}
        hint="Callers may also say an option's name or words instead of pressing its key"
      />
    </>
  );
}

function MenuOption({
  ctx,
  path,
  digit,
  number,
  option,
  users,
  keys,
  speech,
  rekey,
  change,
  remove,
}: {
  ctx: FieldContext;
  path: string;
  digit: string;
  number: number;
  option: Draft;
  users: Draft[];
  keys: string[];
  /** Callers may say an option: its words are asked for. */
  speech: boolean;
  rekey(to: string): void;
  change(option: Draft): void;
  remove(): void;
}) {
  const action = (option.action as OptionAction | undefined) ?? 'ring';
  const keyId = `menu-key-${path.replace(/\W+/g, '-')}`;
  const actionId = `menu-action-${path.replace(/\W+/g, '-')}`;
  return (
    <Group ctx={ctx} legend={`Option ${number}: press ${digit}`} path={path}>
      <div class="field">
        <label for={keyId}>Key of option {number}</label>
        <select id={keyId} disabled={ctx.disabled} onChange={(event) => rekey((event.currentTarget as HTMLSelectElement).value)}>
          {keys.map((key) => (
            <option value={key} selected={key === digit}>
              {key}
            </option>
          ))}
        </select>
      </div>
      <TextField ctx={ctx} label={`Name of option ${number}`} path={`${path}.label`} hint="Such as Sales; shown in the call history" />
      <div class="field">
        <label for={actionId}>What option {number} does</label>
        <select
          id={actionId}
          disabled={ctx.disabled}
          onChange={(event) => change(optionAs(option, (event.currentTarget as HTMLSelectElement).value as OptionAction, users))}
        >
          {ACTION_CHOICES.map((choice) => (
            <option value={String(choice.value)} selected={choice.value === action}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {action === 'ring' ? (
        <PeopleChoice
          ctx={ctx}
          legend={`People option ${number} rings`}
          path={`${path}.users`}
          users={users}
          idPrefix={`menu-${path.replace(/\W+/g, '-')}`}
        />
      ) : action === 'voicemail' ? (
        <SelectField
          ctx={ctx}
          label={`Whose greeting option ${number} plays`}
          path={`${path}.user`}
          options={[
            { value: null, label: "The company's greeting" },
            ...users.map((user) => ({ value: String(user.id), label: `${String(user.name)}'s greeting` })),
          ]}
        />
      ) : (
        <TextField ctx={ctx} label={`Forward option ${number} to`} path={`${path}.to`} hint="A phone number, such as +15551230000" />
      )}
      {speech ? (
        <ListField
          ctx={ctx}
          label={`Words for option ${number}`}
          path={`${path}.words`}
          hint="Other words callers may say for it besides its name, separated by commas"
          parse={listOf}
          format={formatList}
        />
      ) : null}
      <button type="button" class="secondary" disabled={ctx.disabled} onClick={remove}>
        Remove option {number}
      </button>
    </Group>
  );
}
