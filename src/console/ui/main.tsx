// The console page: who is signed in, which workspace is open, and its pages (pages.tsx). The URL names the workspace
// and the page (`#/<workspace>/<page>[/<detail>]`), so a reload or a shared link opens the same place; unsaved
// edits a page reports are confirmed before leaving them. Served as public assets (/console/index.html and
// /console/js/*) by the same deployment as the functions; talks only to the console-* functions.
import type { ComponentType } from 'preact';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, whenSignedOut, type Me, type SettingsResponse } from './api';
import { localeOf } from './format';
import type { PageId, PageProps } from './page-props';
import { FIRST_PAGE, PAGES, pageEntry } from './pages';
import { SignInPage } from './sign-in';

interface Place {
  workspace: string;
  page: PageId;
  detail: string;
}

/** `#/acme/calls/CA123` as a place; the older `#calls` (no workspace) keeps its page. */
function placeFromHash(hash: string = location.hash): Place {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts.length === 1) return { workspace: '', page: pageEntry(parts[0] ?? '')?.id ?? FIRST_PAGE, detail: '' };
  const [workspace = '', page = '', ...detail] = parts;
  return { workspace, page: pageEntry(page)?.id ?? FIRST_PAGE, detail: detail.join('/') };
}

const hashOf = (place: Place) =>
  `#/${encodeURIComponent(place.workspace)}/${place.page}${place.detail ? `/${place.detail.split('/').map(encodeURIComponent).join('/')}` : ''}`;

/** The agency home's address: every workspace the person administers (agency.tsx), outside any one workspace. */
const AGENCY_HASH = '#/agency';
const isAgencyHash = (hash: string = location.hash) => /^#\/agency\/?$/.test(hash);
type AgencyModule = typeof import('./agency');

/** The pages' modules, once loaded. */
const loadedPages = new Map<PageId, ComponentType<PageProps>>();

function App() {
  const [me, setMe] = useState<Me | null | 'signed-out'>(null);
  const [notice, setNotice] = useState('');
  const [place, setPlace] = useState<Place>(placeFromHash());
  const [settings, setSettings] = useState<SettingsResponse | null>(null);
  const [error, setError] = useState('');
  const [, setLoadedCount] = useState(0);
  const [agencyOpen, setAgencyOpen] = useState(isAgencyHash());
  const [agencyModule, setAgencyModule] = useState<AgencyModule | null>(null);
  const unsaved = useRef<string | null>(null);
  const placeNow = useRef(place);
  placeNow.current = place;

  /** True when there is nothing unsaved, or the person agrees to leave it. */
  const mayLeave = () => !unsaved.current || confirm(`You have unsaved changes (${unsaved.current}). Leave without saving them?`);

  /** Goes to `next` (after confirming unsaved edits), writing it into the URL. */
  const go = (next: Place): boolean => {
    const current = placeNow.current;
    const leaving = next.workspace !== current.workspace || next.page !== current.page;
    if (leaving && !mayLeave()) return false;
    if (leaving) unsaved.current = null;
    history.pushState(null, '', hashOf(next));
    setAgencyOpen(false);
    setPlace(next);
    return true;
  };

  const loadMe = () =>
    call<Me>('console-me').then(
      (found) => {
        setMe(found);
        setPlace((current) => {
          const known = found.workspaces.some((workspace) => workspace.id === current.workspace);
          const next = known ? current : { ...current, workspace: found.workspaces[0]?.id ?? '' };
          if (next.workspace && !isAgencyHash()) history.replaceState(null, '', hashOf(next));
          return next;
        });
      },
      () => setMe('signed-out'),
    );
  useEffect(() => {
    whenSignedOut(() => {
      setNotice('Your session ended. Sign in again.');
      setMe('signed-out');
    });
    loadMe();
    const onHash = () => {
      if (isAgencyHash()) {
        if (!mayLeave()) {
          history.replaceState(null, '', hashOf(placeNow.current));
          return;
        }
        unsaved.current = null;
        setAgencyOpen(true);
        return;
      }
      setAgencyOpen(false);
      const current = placeNow.current;
      const next = placeFromHash();
      const resolved = next.workspace ? next : { ...next, workspace: current.workspace };
      if (resolved.workspace !== current.workspace || resolved.page !== current.page) {
        if (!mayLeave()) {
          history.replaceState(null, '', hashOf(current));
          return;
        }
        unsaved.current = null;
      }
      if (!next.workspace) history.replaceState(null, '', hashOf(resolved));
      setPlace(resolved);
    };
    const onUnload = (event: BeforeUnloadEvent) => {
      if (unsaved.current) event.preventDefault();
    };
    addEventListener('hashchange', onHash);
    addEventListener('beforeunload', onUnload);
    // A hash changed between the first render and now (before the listener was there) is followed too.
    if (placeFromHash().workspace && location.hash !== hashOf(placeNow.current)) onHash();
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('beforeunload', onUnload);
    };
  }, []);
  useEffect(() => {
    if (!place.workspace || me === null || me === 'signed-out') return;
    setSettings(null);
    setError('');
    call<SettingsResponse>('console-settings', { workspace: place.workspace }).then(setSettings, (failure: Error) =>
      setError(failure.message),
    );
  }, [place.workspace, me === null || me === 'signed-out']);

  const entry = pageEntry(place.page) ?? pageEntry(FIRST_PAGE)!;
  const Page = loadedPages.get(entry.id);
  useEffect(() => {
    if (loadedPages.has(entry.id)) return;
    entry.load().then(
      (component) => {
        loadedPages.set(entry.id, component);
        setLoadedCount((count) => count + 1);
      },
      (failure: Error) => setError(`This page did not load (${failure.message}). Check your connection and reload.`),
    );
  }, [entry.id]);

  useEffect(() => {
    if (agencyOpen && !agencyModule)
      import('./agency').then(setAgencyModule, (failure: Error) =>
        setError(`This page did not load (${failure.message}). Check your connection and reload.`),
      );
  }, [agencyOpen]);

  if (me === null) return <p class="loading">Loading…</p>;
  if (me === 'signed-out') return <SignInPage notice={notice} onSignedIn={loadMe} />;
  const workspace = me.workspaces.find((candidate) => candidate.id === place.workspace);
  const signOut = async () => {
    if (!mayLeave()) return;
    unsaved.current = null;
    await call('console-sign-out').catch(() => undefined);
    setNotice('You are signed out.');
    setMe('signed-out');
  };
  const pages = PAGES.filter((candidate) => !candidate.adminOnly || workspace?.role === 'admin');
  /** The agency home is for an agency admin, or whoever administers more than one workspace. */
  const hasAgencyHome = me.agency || me.workspaces.filter((candidate) => candidate.role === 'admin').length > 1;
  const AgencyPage = agencyModule?.AgencyPage;

  return (
    <>
      <header class="top">
        <p class="brand">Call routing console</p>
        <div class="field inline">
          <label for="workspace-picker">Workspace</label>
          <select
            id="workspace-picker"
            value={place.workspace}
            onChange={(event) => {
              const picker = event.currentTarget as HTMLSelectElement;
              const chosen = picker.value;
              // Refused (unsaved edits kept): the picker shows the open workspace again.
              if (!go({ workspace: chosen, page: place.page, detail: '' })) picker.value = place.workspace;
            }}
          >
            {me.workspaces.map((candidate) => (
              <option value={candidate.id}>{candidate.name}</option>
            ))}
          </select>
        </div>
        <nav aria-label="Pages">
          {hasAgencyHome ? (
            <a href={AGENCY_HASH} aria-current={agencyOpen ? 'page' : undefined}>
              All workspaces
            </a>
          ) : null}
          {pages.map((candidate) => (
            <a
              href={hashOf({ workspace: place.workspace, page: candidate.id, detail: '' })}
              aria-current={!agencyOpen && candidate.id === entry.id ? 'page' : undefined}
            >
              {candidate.label}
            </a>
          ))}
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
        <h1 id="page-title">
          {agencyOpen && hasAgencyHome ? 'All workspaces' : workspace ? `${workspace.name}: ${entry.title}` : 'No workspace'}
        </h1>
        {agencyOpen && hasAgencyHome ? (
          !AgencyPage ? (
            error ? (
              <p class="problem">{error}</p>
            ) : (
              <p class="loading">Loading your workspaces…</p>
            )
          ) : (
            <AgencyPage
              me={me}
              onCreated={(id) => {
                void loadMe().then(() => go({ workspace: id, page: 'settings', detail: '' }));
              }}
            />
          )
        ) : !workspace ? (
          <p>You have no workspace in this configuration.</p>
        ) : error ? (
          <p class="problem">{error}</p>
        ) : !settings || !Page ? (
          <p class="loading">Loading {workspace.name}…</p>
        ) : (
          <Page
            me={me}
            workspace={workspace}
            settings={settings}
            locale={localeOf(settings.workspace)}
            detail={place.detail}
            onSettingsSaved={setSettings}
            setUnsaved={(what) => {
              unsaved.current = what;
            }}
            navigate={(page, detail = '') => {
              go({ workspace: workspace.id, page, detail });
            }}
          />
        )}
        <p class="hint footer">Configuration: {me.configuration.source}</p>
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
