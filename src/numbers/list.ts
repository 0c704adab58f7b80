// `numbers list`: the configured numbers joined with what the Twilio account says about them (type, capabilities,
// created date, webhook URLs). Scoped: with a workspace, only that workspace's numbers; without, every
// workspace's and then the account's numbers that no workspace routes. Without credentials it lists the
// configuration alone; without a base URL it cannot tell what is bound, and says so.
import type { PhoneNumber } from '../config/types';
import { sameWebhook } from '../runtime/connection-overrides';
import { isBound, lacksVoiceFallback } from './deployment';
import { countryOf } from '../phone/phone';
import { workspaceById } from './scope';
import type { NumbersServices } from './services';
import { CAPABILITY_NAMES, type AccountNumber, type Capabilities, type NumberType } from './twilio-numbers';

export interface NumberRow {
  number: string;
  /** The configuration's name, else Twilio's friendly name. */
  name: string;
  /** Twilio's friendly name; null when the account was not read or does not own the number. */
  friendlyName: string | null;
  capabilities: (keyof Capabilities)[];
  type: NumberType | null;
  country: string;
  /** The configuration's status; null for an account number no workspace routes. */
  status: 'active' | 'inactive' | null;
  /** YYYY-MM-DD when the account bought it; null when unknown. */
  created: string | null;
  workspace: string | null;
  /** null when the account was not read. */
  inAccount: boolean | null;
  /** Whether its Voice URL is this deployment's incoming-call; null when that cannot be known. */
  bound: boolean | null;
}

export interface NumberListing {
  rows: NumberRow[];
  /** Why some columns are unknown (no credentials, no base URL), and what a bound number misses. */
  notes: string[];
  /** Bound numbers that miss our status callback or Voice fallback (each has a note): binding them again fixes it. */
  incomplete: string[];
}

const capabilityNames = (capabilities: Partial<Capabilities>) => CAPABILITY_NAMES.filter((name) => capabilities[name]);

function row(
  services: NumbersServices,
  e164: string,
  configured: { workspace: string; entry: PhoneNumber } | undefined,
  owned: AccountNumber | undefined,
  accountRead: boolean,
): NumberRow {
  return {
    number: e164,
    name: configured?.entry.name ?? owned?.friendlyName ?? e164,
    friendlyName: owned?.friendlyName ?? null,
    capabilities: capabilityNames(owned?.capabilities ?? configured?.entry.capabilities ?? {}),
    type: owned?.type ?? null,
    country: countryOf(e164),
    status: configured?.entry.status ?? null,
    created: owned ? owned.created.toISOString().slice(0, 10) : null,
    workspace: configured?.workspace ?? null,
    inAccount: accountRead ? owned !== undefined : null,
    bound: owned && services.hasUrls ? isBound(owned, services.urls()) : null,
  };
}

export async function listNumbers(services: NumbersServices, workspaceId?: string): Promise<NumberListing> {
  const { bundle } = await services.store.load();
  const workspaces = workspaceId === undefined ? bundle.workspaces : [workspaceById(bundle, workspaceId)];
  const notes: string[] = [];
  let owned: AccountNumber[] = [];
  if (services.hasAccount) owned = await services.gateway().listOwned();
  else
    notes.push(
      'No ACCOUNT_SID and AUTH_TOKEN in the environment: showing the configuration alone (type, created date and binding unknown)',
    );
  if (services.hasAccount && !services.hasUrls)
    notes.push('No --base-url or FUNCTIONS_BASE_URL: cannot tell which numbers are bound to this deployment');
  const byNumber = new Map(owned.map((number) => [number.number, number]));

  const rows: NumberRow[] = [];
  const incomplete = new Set<string>();
  for (const workspace of workspaces) {
    for (const entry of workspace.numbers)
      rows.push(row(services, entry.number, { workspace: workspace.id, entry }, byNumber.get(entry.number), services.hasAccount));
  }
  // Bound, but without our status callback (bound before call-status existed, or set by hand in the Console), or
  // without our Voice fallback (bound before it existed): each gets a note saying what it misses and how to set it.
  if (services.hasUrls) {
    const urls = services.urls();
    for (const listed of rows) {
      const number = byNumber.get(listed.number);
      if (!listed.bound || !number) continue;
      const fix = `npm run numbers -- bind ${listed.number}${listed.workspace ? ` --workspace ${listed.workspace}` : ''} sets it`;
      if (!sameWebhook(number.statusCallback, urls.statusCallback)) {
        notes.push(
          `${listed.number} is bound, but its status callback is not ${urls.statusCallback}: a caller who hangs up during the voicemail greeting goes untold (${fix})`,
        );
        incomplete.add(listed.number);
      }
      if (lacksVoiceFallback(number, urls)) {
        notes.push(
          `${listed.number} is bound, but its Voice fallback URL is not ${urls.voiceFallbackUrl}: when incoming-call fails, a caller hears "an application error has occurred" instead of a phone or a message (${fix})`,
        );
        incomplete.add(listed.number);
      }
    }
  }
  if (workspaceId === undefined) {
    const configured = new Set(rows.map((listed) => listed.number));
    for (const number of owned) if (!configured.has(number.number)) rows.push(row(services, number.number, undefined, number, true));
  }
  return { rows, notes, incomplete: [...incomplete] };
}
