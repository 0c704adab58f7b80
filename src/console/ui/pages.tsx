// The console's pages, in the order of its navigation, each as a component taking the shell's PageProps. The first
// page (settings) is in the main script; every other page is its own module, loaded when first opened (its own
// script chunk), so the first page's scripts stay within their budget whatever the other pages need.
import type { ComponentType } from 'preact';
import type { PageId, PageProps } from './page-props';
import { SettingsPage } from './settings';

export interface PageEntry {
  id: PageId;
  /** The link's words in the navigation. */
  label: string;
  /** The page's heading after the workspace's name: "Acme Plumbing: phone settings". */
  title: string;
  /** Shown to the workspace's admins only. */
  adminOnly?: boolean;
  load(): Promise<ComponentType<PageProps>>;
}

function SettingsRoute({ workspace, settings, onSettingsSaved, locale, setUnsaved }: PageProps) {
  return (
    <SettingsPage
      key={`${workspace.id}:${settings.revision}`}
      initial={settings}
      workspaceId={workspace.id}
      userId={workspace.user}
      onSaved={onSettingsSaved}
      locale={locale}
      setUnsaved={setUnsaved}
    />
  );
}

export const PAGES: readonly PageEntry[] = [
  { id: 'home', label: 'Home', title: 'home', load: () => import('./home').then((module) => module.HomePage) },
  { id: 'settings', label: 'Settings', title: 'phone settings', load: async () => SettingsRoute },
  {
    id: 'calls',
    label: 'Calls',
    title: 'calls',
    load: () => import('./calls').then((module) => module.CallsRoute),
  },
  { id: 'contacts', label: 'Contacts', title: 'contacts', load: () => import('./contacts').then((module) => module.ContactsPage) },
  {
    id: 'phone',
    label: 'Web phone',
    title: 'web phone',
    load: () =>
      import('./phone').then(({ PhonePage }) => ({ me, workspace, settings, detail }: PageProps) => (
        <PhonePage workspace={workspace} contacts={settings.workspace.contacts} available={me.phone.available} callBack={detail} />
      )),
  },
  {
    id: 'numbers',
    label: 'Numbers',
    title: 'phone numbers',
    adminOnly: true,
    load: () => import('./numbers').then((m) => m.NumbersPage),
  },
];

/** The page a workspace opens on when the URL names none. */
export const FIRST_PAGE: PageId = 'settings';

export const pageEntry = (id: string): PageEntry | undefined => PAGES.find((entry) => entry.id === id);
