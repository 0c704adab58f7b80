// The web phone page: go online as <workspace>_<user>_web with Twilio's Voice JavaScript SDK (loaded here only),
// answer incoming calls (the caller's name from the workspace's contacts, and their number), and call out through
// the TwiML App whose Voice URL is /outbound-call.
import { useEffect, useState } from 'preact/hooks';
import type { Contact } from '../../config/schema';
import { contactName } from '../contact-name';
import { call, type MeWorkspace } from './api';
import type { IncomingCall, WebPhone } from './phone-device';

type Device = typeof import('./phone-device');
type Status =
  | { kind: 'offline' }
  | { kind: 'connecting' }
  | { kind: 'online'; identity: string }
  | { kind: 'in-call'; identity: string; with: string };

export function callerName(contacts: readonly Contact[], from: string): string {
  return contactName(contacts.find((candidate) => candidate.phone === from)) ?? 'Unknown caller';
}

export function PhonePage({
  workspace,
  contacts,
  available,
  callBack = '',
}: {
  workspace: MeWorkspace;
  contacts: readonly Contact[];
  available: boolean;
  /** A caller to call back (E.164, from the home page's "Call back"): the number to call, one tap away. */
  callBack?: string;
}) {
  const [sdk, setSdk] = useState<Device | null>(null);
  const [loadError, setLoadError] = useState('');
  const [as, setAs] = useState(workspace.user ?? workspace.users[0]?.id ?? '');
  const [status, setStatus] = useState<Status>({ kind: 'offline' });
  const [phone, setPhone] = useState<WebPhone | null>(null);
  const [incoming, setIncoming] = useState<IncomingCall | null>(null);
  const [to, setTo] = useState(callBack);
  const [message, setMessage] = useState('');

  useEffect(() => {
    import('./phone-device').then(setSdk, (error: Error) => setLoadError(`The Voice SDK did not load: ${error.message}`));
  }, []);
  useEffect(() => () => phone?.goOffline(), [phone]);

  const token = async () => (await call<{ token: string; identity: string }>('console-phone-token', { workspace: workspace.id, as })).token;
  /** Goes online; the phone and who it answers as, or null when it could not. */
  const online = async (): Promise<{ device: WebPhone; identity: string } | null> => {
    if (!sdk) return null;
    setStatus({ kind: 'connecting' });
    setMessage('');
    try {
      const granted = await call<{ token: string; identity: string }>('console-phone-token', { workspace: workspace.id, as });
      const device = await sdk.goOnline(granted.token, {
        incoming: (ringing) => {
          setIncoming(ringing);
          ringing.onEnd(() => {
            setIncoming(null);
            setStatus({ kind: 'online', identity: granted.identity });
          });
        },
        error: setMessage,
        tokenWillExpire: token,
      });
      setPhone(device);
      setStatus({ kind: 'online', identity: granted.identity });
      return { device, identity: granted.identity };
    } catch (error) {
      setStatus({ kind: 'offline' });
      setMessage((error as Error).message);
      return null;
    }
  };
  const offline = () => {
    phone?.goOffline();
    setPhone(null);
    setStatus({ kind: 'offline' });
  };
  const callOut = async (device: WebPhone, identity: string) => {
    try {
      const outgoing = await device.dial(to.trim());
      setStatus({ kind: 'in-call', identity, with: to.trim() });
      outgoing.onEnd(() => setStatus({ kind: 'online', identity }));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const dial = async (event: Event) => {
    event.preventDefault();
    if (!phone || status.kind !== 'online') return;
    await callOut(phone, status.identity);
  };
  /** The home page's call back in one tap: online (when not yet), then the call. */
  const callBackNow = async () => {
    const ready = phone && status.kind === 'online' ? { device: phone, identity: status.identity } : await online();
    if (ready) await callOut(ready.device, ready.identity);
  };

  return (
    <section class="panel phone" aria-labelledby="phone-title">
      <h2 id="phone-title">Web phone</h2>
      {!available ? (
        <p class="notice">
          The web phone is not set up on this service: it needs API_KEY_SID, API_KEY_SECRET and TWIML_APP_SID (see docs/console.md).
        </p>
      ) : null}
      <p>{loadError || (sdk ? `Twilio Voice SDK ${sdk.SDK_VERSION} loaded.` : 'Loading the Twilio Voice SDK…')}</p>
      {workspace.user === null ? (
        <div class="field">
          <label for="phone-as">Answer as</label>
          <select
            id="phone-as"
            value={as}
            onChange={(event) => setAs((event.currentTarget as HTMLSelectElement).value)}
            disabled={status.kind !== 'offline'}
          >
            {workspace.users.map((user) => (
              <option value={user.id}>{user.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      <p role="status" aria-live="polite">
        {status.kind === 'offline'
          ? 'Offline.'
          : status.kind === 'connecting'
            ? 'Going online…'
            : status.kind === 'online'
              ? `Online as ${status.identity}: calls to your web app ring here.`
              : `On a call with ${status.with}.`}
      </p>
      {callBack && status.kind !== 'in-call' ? (
        <button type="button" class="call-back" onClick={callBackNow} disabled={!sdk || !available || status.kind === 'connecting'}>
          Call {callerName(contacts, callBack) === 'Unknown caller' ? callBack : callerName(contacts, callBack)} now
        </button>
      ) : null}
      {status.kind === 'offline' || status.kind === 'connecting' ? (
        <button type="button" onClick={online} disabled={!sdk || !available || status.kind === 'connecting'}>
          Go online
        </button>
      ) : (
        <button type="button" onClick={offline}>
          Go offline
        </button>
      )}
      {incoming ? (
        <div class="incoming" role="alertdialog" aria-labelledby="incoming-title">
          <h3 id="incoming-title">Incoming call from {callerName(contacts, incoming.from)}</h3>
          <p>{incoming.from}</p>
          <button
            type="button"
            onClick={() => {
              incoming.accept();
              setStatus({ kind: 'in-call', identity: status.kind === 'online' ? status.identity : '', with: incoming.from });
            }}
          >
            Answer
          </button>
          <button type="button" onClick={() => incoming.reject()}>
            Decline
          </button>
        </div>
      ) : null}
      <form onSubmit={dial} class="dialer">
        <div class="field">
          <label for="phone-to">Number to call</label>
          <input id="phone-to" type="tel" value={to} onInput={(event) => setTo((event.currentTarget as HTMLInputElement).value)} />
        </div>
        <button type="submit" disabled={status.kind !== 'online'}>
          Call
        </button>
      </form>
      {message ? <p class="problem">{message}</p> : null}
    </section>
  );
}
