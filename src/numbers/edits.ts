// The changes the numbers commands make to a configuration, as pure functions on a draft (the stored shape,
// before defaults) or questions on a validated bundle. Drafts are validated as a whole before they are saved.
import type { Bundle, BundleInput } from '../config/types';
import type { Capabilities } from './twilio-numbers';

type DraftWorkspace = BundleInput['workspaces'][number];
type NumberStatus = 'active' | 'inactive';

function draftWorkspace(draft: BundleInput, workspaceId: string): DraftWorkspace {
  const workspace = draft.workspaces.find((candidate) => candidate.id === workspaceId);
  // Callers scope the number against the validated bundle first, so the workspace is there.
  if (!workspace) throw new Error(`workspace "${workspaceId}" vanished from the draft`);
  return workspace;
}

export interface NewNumber {
  number: string;
  name: string;
  capabilities: Pick<Capabilities, 'voice' | 'sms'>;
}

/**
 * Adds the number to the workspace, active; a number the workspace already has is made active and keeps its
 * settings. Says which of the two happened, or that nothing changed.
 */
export function addNumber(draft: BundleInput, workspaceId: string, added: NewNumber): 'added' | 'activated' | 'unchanged' {
  const workspace = draftWorkspace(draft, workspaceId);
  const numbers = (workspace.numbers ??= []);
  const existing = numbers.find((entry) => entry.number === added.number);
  if (!existing) {
    numbers.push({
      number: added.number,
      name: added.name,
      status: 'active',
      capabilities: { voice: added.capabilities.voice, sms: added.capabilities.sms },
    });
    return 'added';
  }
  if (existing.status === 'inactive') {
    existing.status = 'active';
    return 'activated';
  }
  return 'unchanged';
}

/** Sets the number's status; false when it already had it. */
export function setNumberStatus(draft: BundleInput, workspaceId: string, e164: string, status: NumberStatus): boolean {
  const entry = draftWorkspace(draft, workspaceId).numbers?.find((candidate) => candidate.number === e164);
  if (!entry) throw new Error(`${e164} vanished from workspace "${workspaceId}" in the draft`);
  if ((entry.status ?? 'active') === status) return false;
  entry.status = status;
  return true;
}

export interface Reference {
  workspace: string;
  /** Dotted path into the bundle, as validation reports it. */
  path: string;
  description: string;
}

/** Every place the configuration refers to the number: as a routed number, or as a destination. */
export function referencesTo(bundle: Bundle, e164: string): Reference[] {
  const found: Reference[] = [];
  bundle.workspaces.forEach((workspace, w) => {
    const at = (path: string, description: string) => found.push({ workspace: workspace.id, path: `workspaces.${w}.${path}`, description });
    if (workspace.companyPhone === e164) at('companyPhone', `company phone of workspace "${workspace.id}"`);
    workspace.users.forEach((user, u) => {
      if (user.phone === e164) at(`users.${u}.phone`, `phone of user "${user.id}"`);
    });
    workspace.numbers.forEach((number, n) => {
      if (number.number === e164) at(`numbers.${n}`, `routed number "${number.name}" of workspace "${workspace.id}"`);
      if (number.forwardingNumber === e164) at(`numbers.${n}.forwardingNumber`, `forwarding number of ${number.number}`);
      if (number.afterHours.action === 'forward' && number.afterHours.forwardTo === e164) {
        at(`numbers.${n}.afterHours.forwardTo`, `after-hours destination of ${number.number}`);
      }
    });
  });
  return found;
}

/**
 * Removes the number from the configuration: its entry in the routed numbers, and every setting that names it
 * (the company phone and a user's phone are cleared, a forwarding number is cleared, an after-hours forward
 * becomes voicemail). A number in forward mode left without its forwarding number fails validation, on purpose.
 */
export function removeNumberAndReferences(draft: BundleInput, e164: string): void {
  for (const workspace of draft.workspaces) {
    if (workspace.companyPhone === e164) workspace.companyPhone = null;
    for (const user of workspace.users ?? []) {
      if (user.phone === e164) {
        user.phone = null;
        user.extension = null;
      }
    }
    if (!workspace.numbers) continue;
    workspace.numbers = workspace.numbers.filter((number) => number.number !== e164);
    for (const number of workspace.numbers) {
      if (number.forwardingNumber === e164) number.forwardingNumber = null;
      if (number.afterHours?.action === 'forward' && number.afterHours.forwardTo === e164) number.afterHours = { action: 'voicemail' };
    }
  }
}
