// The phone numbers page (admins): the workspace's numbers as cards (national format and E.164, name, capabilities,
// type, country, status, the day it was bought, whether it points at this deployment, with "Fix" when it does not);
// search numbers for sale (country, type, area code, "contains", capabilities) and buy one after a confirmation that
// shows Twilio's monthly price (bought, bound and added to the workspace, active, in one step); add a number the
// account already owns; release a number once it is typed again. console-numbers does the work (src/numbers, the code
// of `npm run numbers`); without a Twilio account the page lists the configured numbers and says how to connect one.
import { useEffect, useRef, useState } from 'preact/hooks';
import { typedConfirms } from '../../numbers/typed-confirmation';
import { call, type SettingsResponse } from './api';
import { InputField } from './fields';
import { formatPhone, type Locale } from './format';
import type { PageProps } from './page-props';

type Capability = 'voice' | 'sms' | 'mms' | 'fax';
type NumberType = 'local' | 'toll-free' | 'mobile';

/** One of the workspace's numbers, as console-numbers lists it (src/console/numbers.ts). */
interface ListedNumber {
  number: string;
  name: string;
  capabilities: Capability[];
  type: NumberType | null;
  country: string;
  status: 'active' | 'inactive' | null;
  created: string | null;
  inAccount: boolean | null;
  bound: boolean | null;
  needsFix: boolean;
}

interface NumbersAnswer {
  numbers: ListedNumber[];
  unassigned: ListedNumber[];
  connected: boolean;
  cannotChange: string | null;
  done?: string;
  warnings?: string[];
}

interface Offer {
  number: string;
  friendlyName: string;
  type: NumberType;
  country: string;
  locality: string | null;
  region: string | null;
  capabilities: Record<Capability, boolean>;
}

interface Price {
  amount: number;
  currency: string;
}

interface SearchAnswer {
  numbers: Offer[];
  price: Price | null;
}

const CAPABILITIES: [Capability, string][] = [
  ['voice', 'Voice'],
  ['sms', 'SMS'],
  ['mms', 'MMS'],
  ['fax', 'Fax'],
];
const TYPES: [NumberType, string][] = [
  ['local', 'Local'],
  ['toll-free', 'Toll-free'],
  ['mobile', 'Mobile'],
];
/** Countries offered in the search (Twilio sells numbers in many more: the CLI takes any ISO code). */
const COUNTRIES = ['US', 'CA', 'GB', 'AU', 'IE', 'MX', 'NZ', 'DE', 'FR', 'ES', 'NL', 'SE'];

const typeWord = (type: NumberType | null) => TYPES.find(([id]) => id === type)?.[1] ?? 'Unknown';
const capabilityWords = (list: readonly Capability[]) =>
  list.length
    ? CAPABILITIES.filter(([id]) => list.includes(id))
        .map(([, word]) => word)
        .join(', ')
    : 'None known';

function countryName(code: string, locale: Locale): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames([locale.language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "$1.15 a month", in the currency Twilio prices in. */
const monthly = (price: Price, locale: Locale) =>
  `${new Intl.NumberFormat(locale.language, { style: 'currency', currency: price.currency }).format(price.amount)} a month`;

/** The day Twilio sold the number (a calendar day, kept as Twilio dates it: UTC). */
const boughtOn = (day: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

function pointsHere(entry: ListedNumber): string {
  if (entry.inAccount === false) return 'No: this Twilio account does not own it';
  if (entry.inAccount === null) return 'Unknown until a Twilio account is connected';
  if (entry.bound === null) return 'Unknown';
  if (!entry.bound) return 'No: its calls go somewhere else';
  return entry.needsFix ? 'Yes, but without the fallback or status updates' : 'Yes';
}

type Load = { kind: 'loading' } | { kind: 'done'; answer: NumbersAnswer } | { kind: 'error'; message: string };

export function NumbersPage({ workspace, settings, locale, onSettingsSaved, setUnsaved }: PageProps) {
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const statusLine = useRef<HTMLDivElement>(null);
  // What a change did is said at the top: brought into view, since the button pressed may be far below on a phone.
  useEffect(() => {
    if (message) statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);

  const load = async () => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'done', answer: await call<NumbersAnswer>('console-numbers', { workspace: workspace.id, action: 'list' }) });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  useEffect(() => {
    setMessage(null);
    void load();
  }, [workspace.id]);

  /** Runs a change, shows its answer's list and what it did, and has the shell read the settings again. */
  const change = async (params: Record<string, string>, done: (answer: NumbersAnswer) => string): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await call<NumbersAnswer>('console-numbers', { workspace: workspace.id, ...params });
      setState({ kind: 'done', answer });
      onSettingsSaved(await call<SettingsResponse>('console-settings', { workspace: workspace.id }));
      setMessage({ text: [done(answer), ...(answer.warnings ?? [])].join(' '), problem: false });
      return true;
    } catch (error) {
      setMessage({ text: (error as Error).message, problem: true });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const answer = state.kind === 'done' ? state.answer : null;
  const canChange = answer !== null && answer.cannotChange === null && !settings.readOnly;
  return (
    <div class="numbers-page">
      <div role="status" aria-live="polite" aria-label="Numbers status" ref={statusLine}>
        {state.kind === 'loading' ? <p>Loading numbers…</p> : null}
        {state.kind === 'error' ? <p class="problem">{state.message}</p> : null}
        {message ? <p class={message.problem ? 'problem' : 'done'}>{message.text}</p> : null}
      </div>
      {answer?.cannotChange ? <p class="notice">{answer.cannotChange}</p> : null}
      {answer ? (
        <section class="panel" aria-labelledby="numbers-own">
          <h2 id="numbers-own">
            {workspace.name}'s numbers ({answer.numbers.length})
          </h2>
          {answer.numbers.length === 0 ? <p>No numbers yet. Buy one below, or add one your Twilio account already has.</p> : null}
          <ul class="number-cards">
            {answer.numbers.map((entry) => (
              <OwnNumber
                key={entry.number}
                entry={entry}
                locale={locale}
                canChange={canChange}
                busy={busy}
                change={change}
                setUnsaved={setUnsaved}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {answer && canChange ? (
        <BuyNumber
          key={workspace.id}
          workspaceId={workspace.id}
          workspaceName={workspace.name}
          locale={locale}
          busy={busy}
          change={change}
          setUnsaved={setUnsaved}
        />
      ) : null}
      {answer && canChange && answer.unassigned.length ? (
        <section class="panel" aria-labelledby="numbers-unassigned">
          <h2 id="numbers-unassigned">Numbers your Twilio account already has</h2>
          <p class="hint">No workspace uses these. Adding one points it at this deployment and makes it {workspace.name}'s, active.</p>
          <ul class="number-cards">
            {answer.unassigned.map((entry) => (
              <li class="number-card" key={entry.number}>
                <h3>
                  {entry.name === formatPhone(entry.number, locale) ? entry.name : `${entry.name}: ${formatPhone(entry.number, locale)}`}
                </h3>
                <p class="number-line muted">{entry.number}</p>
                <p class="muted">
                  {typeWord(entry.type)} · {capabilityWords(entry.capabilities)}
                </p>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void change(
                      { action: 'bind', number: entry.number },
                      () => `Added ${formatPhone(entry.number, locale)} to ${workspace.name}; its calls now come here.`,
                    )
                  }
                >
                  Add {formatPhone(entry.number, locale)} to {workspace.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

type Change = (params: Record<string, string>, done: (answer: NumbersAnswer) => string) => Promise<boolean>;

function OwnNumber({
  entry,
  locale,
  canChange,
  busy,
  change,
  setUnsaved,
}: {
  entry: ListedNumber;
  locale: Locale;
  canChange: boolean;
  busy: boolean;
  change: Change;
  setUnsaved: PageProps['setUnsaved'];
}) {
  const [releasing, setReleasing] = useState(false);
  const [typed, setTyped] = useState('');
  const shown = formatPhone(entry.number, locale);
  const headingId = `number-${entry.number.slice(1)}`;
  const close = () => {
    setReleasing(false);
    setTyped('');
    setUnsaved(null);
  };
  return (
    <li class="number-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{entry.name}</h3>
      <p class="number-line">
        {shown} <span class="muted">{entry.number}</span>
      </p>
      <dl>
        <dt>Capabilities</dt>
        <dd>{capabilityWords(entry.capabilities)}</dd>
        <dt>Type</dt>
        <dd>{typeWord(entry.type)}</dd>
        <dt>Country</dt>
        <dd title={entry.country}>{countryName(entry.country, locale)}</dd>
        <dt>Status</dt>
        <dd>{entry.status === 'inactive' ? 'Inactive: calls to it are refused' : 'Active'}</dd>
        <dt>Bought</dt>
        <dd>{entry.created ? boughtOn(entry.created, locale) : 'Unknown'}</dd>
        <dt>Calls come here</dt>
        <dd>{pointsHere(entry)}</dd>
      </dl>
      {canChange ? (
        <div class="card-actions">
          {entry.needsFix && entry.inAccount ? (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void change({ action: 'bind', number: entry.number }, () => `Fixed: calls to ${shown} now come to this deployment.`)
              }
            >
              Fix {shown}
            </button>
          ) : null}
          {entry.inAccount && !releasing ? (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => {
                setReleasing(true);
                setUnsaved(`the release of ${shown} you started`);
              }}
            >
              Release {shown}…
            </button>
          ) : null}
        </div>
      ) : null}
      {releasing ? (
        <form
          class="confirm"
          aria-label={`Release ${shown}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!typedConfirms(typed, entry.number)) return;
            // Confirmed: nothing is left unsaved, whatever Twilio answers (a failure is said in the status line).
            setUnsaved(null);
            void change({ action: 'release', number: entry.number, confirmation: typed }, () => `Released ${shown}.`).then((ok) => {
              if (ok) close();
            });
          }}
        >
          <p>
            Releasing gives {shown} back to Twilio: calls to it stop reaching you, it leaves every setting of this workspace, and Twilio may
            give it to someone else. This cannot be undone.
          </p>
          <InputField
            id={`release-${entry.number.slice(1)}`}
            label={`Type ${shown} to confirm`}
            type="tel"
            value={typed}
            onValue={setTyped}
          />
          <div class="card-actions">
            <button type="submit" class="danger" disabled={busy || !typedConfirms(typed, entry.number)}>
              Release {shown} for good
            </button>
            <button type="button" class="secondary" onClick={close}>
              Keep {shown}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function BuyNumber({
  workspaceId,
  workspaceName,
  locale,
  busy,
  change,
  setUnsaved,
}: {
  workspaceId: string;
  workspaceName: string;
  locale: Locale;
  busy: boolean;
  change: Change;
  setUnsaved: PageProps['setUnsaved'];
}) {
  const [country, setCountry] = useState<string>(COUNTRIES.includes(locale.country) ? locale.country : 'US');
  const [type, setType] = useState<NumberType>('local');
  const [areaCode, setAreaCode] = useState('');
  const [contains, setContains] = useState('');
  const [wanted, setWanted] = useState<Record<Capability, boolean>>({ voice: true, sms: true, mms: false, fax: false });
  const [found, setFound] = useState<
    { kind: 'idle' } | { kind: 'searching' } | { kind: 'done'; answer: SearchAnswer } | { kind: 'error'; message: string }
  >({
    kind: 'idle',
  });
  const [chosen, setChosen] = useState<Offer | null>(null);
  const [name, setName] = useState('');

  const search = async () => {
    setFound({ kind: 'searching' });
    setChosen(null);
    try {
      const params: Record<string, string> = { action: 'search', country, type, areaCode, contains };
      for (const [id] of CAPABILITIES) if (wanted[id]) params[id] = 'true';
      setFound({ kind: 'done', answer: await call<SearchAnswer>('console-numbers', { workspace: workspaceId, ...params }) });
    } catch (error) {
      setFound({ kind: 'error', message: (error as Error).message });
    }
  };
  const choose = (offer: Offer | null) => {
    setChosen(offer);
    setName('');
    setUnsaved(offer ? `the purchase of ${formatPhone(offer.number, locale)} you started` : null);
  };
  const price = found.kind === 'done' ? found.answer.price : null;

  return (
    <section class="panel" aria-labelledby="numbers-buy">
      <h2 id="numbers-buy">Buy a number</h2>
      <form
        class="number-search"
        aria-label="Search numbers for sale"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <div class="field">
          <label for="search-country">Country</label>
          <select id="search-country" value={country} onChange={(event) => setCountry((event.currentTarget as HTMLSelectElement).value)}>
            {COUNTRIES.map((code) => (
              <option value={code}>{countryName(code, locale)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="search-type">Type</label>
          <select
            id="search-type"
            value={type}
            onChange={(event) => setType((event.currentTarget as HTMLSelectElement).value as NumberType)}
          >
            {TYPES.map(([id, word]) => (
              <option value={id}>{word}</option>
            ))}
          </select>
        </div>
        <InputField id="search-area-code" label="Area code" inputMode="numeric" type="text" value={areaCode} onValue={setAreaCode} />
        <InputField id="search-contains" label="Contains" type="text" value={contains} onValue={setContains}>
          <p class="hint">Digits or letters, * for any digit</p>
        </InputField>
        <fieldset class="capabilities">
          <legend>Can receive</legend>
          {CAPABILITIES.map(([id, word]) => (
            <label class="check-label">
              <input
                type="checkbox"
                checked={wanted[id]}
                onChange={(event) => setWanted({ ...wanted, [id]: (event.currentTarget as HTMLInputElement).checked })}
              />
              {word}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={found.kind === 'searching'}>
          Search numbers
        </button>
      </form>
      <div role="status" aria-live="polite" aria-label="Search results status">
        {found.kind === 'searching' ? <p>Searching…</p> : null}
        {found.kind === 'error' ? <p class="problem">{found.message}</p> : null}
        {found.kind === 'done' ? (
          <p>
            {found.answer.numbers.length
              ? `${found.answer.numbers.length} number${found.answer.numbers.length === 1 ? '' : 's'} for sale${
                  found.answer.price ? `, ${monthly(found.answer.price, locale)} each` : ''
                }.`
              : 'No numbers for sale match: try another area code, fewer digits, or fewer capabilities.'}
          </p>
        ) : null}
      </div>
      {found.kind === 'done' && found.answer.numbers.length ? (
        <ul class="number-cards" aria-label="Numbers for sale">
          {found.answer.numbers.map((offer) => {
            const shown = formatPhone(offer.number, locale);
            const place = [offer.locality, offer.region].filter(Boolean).join(', ');
            return (
              <li class="number-card" key={offer.number}>
                <p class="number-line">
                  <strong>{shown}</strong> <span class="muted">{offer.number}</span>
                </p>
                <p class="muted">
                  {[
                    place || countryName(offer.country, locale),
                    typeWord(offer.type),
                    capabilityWords(CAPABILITIES.filter(([id]) => offer.capabilities[id]).map(([id]) => id)),
                  ].join(' · ')}
                </p>
                <button type="button" class="secondary" disabled={busy} onClick={() => choose(offer)}>
                  Buy {shown}…
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {chosen ? (
        <form
          class="confirm panel"
          aria-label={`Confirm buying ${formatPhone(chosen.number, locale)}`}
          onSubmit={(event) => {
            event.preventDefault();
            setUnsaved(null);
            const shown = formatPhone(chosen.number, locale);
            void change(
              { action: 'buy', number: chosen.number, ...(name.trim() ? { name: name.trim() } : {}) },
              () => `Bought ${shown}: it is ${workspaceName}'s, active, and its calls come here.`,
            ).then((ok) => {
              if (ok) {
                choose(null);
                setFound({ kind: 'idle' });
              }
            });
          }}
        >
          <h3>
            Buy {formatPhone(chosen.number, locale)} for {price ? monthly(price, locale) : 'Twilio’s monthly price'}?
          </h3>
          <p>
            {price
              ? `Twilio charges ${monthly(price, locale)} for this number from today, until you release it.`
              : 'Twilio did not say what this number costs: see twilio.com/en-us/pricing before buying.'}{' '}
            It becomes {workspaceName}'s, active, and its calls and texts come to this deployment.
          </p>
          <InputField id="buy-name" label="Name (optional)" type="text" value={name} placeholder="Main line" onValue={setName} />
          <div class="card-actions">
            <button type="submit" disabled={busy}>
              {price ? `Buy for ${monthly(price, locale)}` : 'Buy'}
            </button>
            <button type="button" class="secondary" onClick={() => choose(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
