// The console page: who is signed in, which workspace is open, and its pages (settings with the live route preview,
// the web phone). Served as public assets (/console/index.html and /console/js/*) by the same deployment as the
// functions; talks only to the console-* functions.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, whenSignedOut, type Me, type SettingsResponse } from './api';
import { CallsPage } from './calls';
import { PhonePage } from './phone';
import { SettingsPage } from './settings';
import { SignInPage } from './sign-in';

type Page = 'settings' | 'calls' | 'phone';
const pageFromHash = (): Page => (location.hash === '#phone' ? 'phone' : location.hash === '#calls' ? 'calls' : 'settings');
const PAGE_TITLES: Record<Page, string> = { settings: 'phone settings', calls: 'calls', phone: 'web phone' };

function App() {
  const [me, setMe] = useState<Me | null | 'signed-out'>(null);
  const [notice, setNotice] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [settings, setSettings] = useState<SettingsResponse | null>(null);
  const [page, setPage] = useState<Page>(pageFromHash());
  const [error, setError] = useState('');

  const loadMe = () =>
    call<Me>('console-me').then(
      (found) => {
        setMe(found);
        setWorkspaceId((current) =>
          found.workspaces.some((workspace) => workspace.id === current) ? current : (found.workspaces[0]?.id ?? ''),
        );
      },
      () => setMe('signed-out'),
    );
  useEffect(() => {
    whenSignedOut(() => {
      setNotice('Your session ended. Sign in again.');
      setMe('signed-out');
    });
    loadMe();
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!workspaceId) return;
    setSettings(null);
    setError('');
    call<SettingsResponse>('console-settings', { workspace: workspaceId }).then(setSettings, (failure: Error) => setError(failure.message));
  }, [workspaceId]);

  if (me === null) return <p class="loading">Loading…</p>;
  if (me === 'signed-out') return <SignInPage notice={notice} onSignedIn={loadMe} />;
  const workspace = me.workspaces.find((candidate) => candidate.id === workspaceId);
  const signOut = async () => {
    await call('console-sign-out').catch(() => undefined);
    setNotice('You are signed out.');
    setMe('signed-out');
  };

  return (
    <>
      <header class="top">
        <p class="brand">Call routing console</p>
        <div class="field inline">
          <label for="workspace-picker">Workspace</label>
          <select
            id="workspace-picker"
            value={workspaceId}
            onChange={(event) => setWorkspaceId((event.currentTarget as HTMLSelectElement).value)}
          >
            {me.workspaces.map((candidate) => (
              <option value={candidate.id}>{candidate.name}</option>
            ))}
          </select>
        </div>
        <nav aria-label="Pages">
          <a href="#settings" aria-current={page === 'settings' ? 'page' : undefined}>
            Settings
          </a>
          <a href="#calls" aria-current={page === 'calls' ? 'page' : undefined}>
            Calls
          </a>
          <a href="#phone" aria-current={page === 'phone' ? 'page' : undefined}>
            Web phone
          </a>
        </nav>
        <p class="who">
          {me.subject === 'local' ? 'Local admin (npm start)' : me.subject}
          {workspace ? ` · ${workspace.role}` : ''}
        </p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main aria-labelledby="page-title">
        <h1 id="page-title">{workspace ? `${workspace.name}: ${PAGE_TITLES[page]}` : 'No workspace'}</h1>
        {!workspace ? (
          <p>You have no workspace in this configuration.</p>
        ) : error ? (
          <p class="problem">{error}</p>
        ) : !settings ? (
          <p class="loading">Loading {workspace.name}…</p>
        ) : page === 'calls' ? (
          <CallsPage
            workspaceId={workspace.id}
            numbers={settings.workspace.numbers.map((number) => ({ number: number.number, name: number.name }))}
            users={settings.workspace.users.map((user) => ({ id: user.id, name: user.name }))}
          />
        ) : page === 'phone' ? (
          <PhonePage workspace={workspace} contacts={settings.workspace.contacts} available={me.phone.available} />
        ) : (
          <SettingsPage
            key={`${workspace.id}:${settings.revision}`}
            initial={settings}
            workspaceId={workspace.id}
            userId={workspace.user}
            onSaved={setSettings}
          />
        )}
        <p class="hint footer">Configuration: {me.configuration.source}</p>
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
