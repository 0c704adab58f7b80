// Sign-in: a mobile number, then the code Twilio Verify texts to it. (Locally, npm start's Console: link signs in
// without a code.)
import { useState } from 'preact/hooks';
import { call } from './api';
import { InputField } from './fields';

export function SignInPage({ onSignedIn, notice }: { onSignedIn(): void; notice?: string }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [message, setMessage] = useState(notice ?? '');
  const [busy, setBusy] = useState(false);

  const sendCode = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await call('console-send-code', { phone: phone.trim() });
      setSent(true);
      setMessage(`If ${phone.trim()} belongs to a user, a code is on its way by text message.`);
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const signIn = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await call('console-sign-in', { phone: phone.trim(), code: code.trim() });
      onSignedIn();
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form onSubmit={sent ? signIn : sendCode}>
        <InputField
          id="sign-in-phone"
          label="Mobile number"
          type="tel"
          autocomplete="tel"
          value={phone}
          onValue={setPhone}
          aria-describedby="sign-in-phone-hint"
        >
          <p class="hint" id="sign-in-phone-hint">
            With its country code, such as +15551230000
          </p>
        </InputField>
        {sent ? (
          <InputField
            id="sign-in-code"
            label="Code"
            type="text"
            inputMode="numeric"
            autocomplete="one-time-code"
            value={code}
            onValue={setCode}
          />
        ) : null}
        <button type="submit" disabled={busy}>
          {sent ? 'Sign in' : 'Send code'}
        </button>
      </form>
      <p role="status" aria-live="polite">
        {message}
      </p>
    </main>
  );
}
