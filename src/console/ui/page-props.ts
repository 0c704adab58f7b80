// What the shell (main.tsx) gives every console page: who is signed in, the open workspace and its saved settings,
// its locale (format.ts), and the shell's hooks: report unsaved edits (the shell asks before leaving them), report a
// save, go to another page.
import type { Me, MeWorkspace, SettingsResponse } from './api';
import type { Locale } from './format';

/** The console's pages, as they appear in the URL: `#/<workspace>/<page>[/<detail>]`. */
export type PageId = 'home' | 'calls' | 'contacts' | 'numbers' | 'settings' | 'phone';

export interface PageProps {
  me: Me;
  workspace: MeWorkspace;
  settings: SettingsResponse;
  locale: Locale;
  /** What follows the page in the URL (a CallSid on the Calls page, a number to call on the phone page), or ''. */
  detail: string;
  /** The page saved the workspace: the shell keeps the new settings (every page then sees them). */
  onSettingsSaved(next: SettingsResponse): void;
  /** The page has unsaved edits (what they are, in words) or none (null): the shell confirms before leaving them. */
  setUnsaved(what: string | null): void;
  /** Opens another page of this workspace (with its detail). */
  navigate(page: PageId, detail?: string): void;
}
