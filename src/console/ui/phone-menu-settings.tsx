// A number's "Phone menu" in an owner's words: on or off, a greeting (spoken text or an audio link), options by key
// 1-9 (each with a name and what it does: ring these people, take a message with whose greeting, forward to a
// number), the default key, and "Let callers say it" (then each option's words). Each problem shows beside its field,
// at the schema's path (numbers.N.menu.options.D...).
import { GreetingField } from './greeting-field';
import { type Draft, getAt } from './draft';
import { CheckField, type Choice, Group, PhoneField, SelectField, TextField, type FieldContext } from './fields';
import { ListField, formatList, listOf } from './lists';
import { GroupProblems, PeopleChoice } from './people';

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
        <GreetingField ctx={ctx} label="Phone menu greeting" urlPath={`${path}.greeting.url`} />
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
        <PhoneField ctx={ctx} label={`Forward option ${number} to`} path={`${path}.to`} />
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
