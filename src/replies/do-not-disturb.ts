// Do not disturb by text: a user who texts `DND on` or `DND off` alone (any case, spaces around it and between the
// two words only: "dnd on please" is a text like any other) from their own phone to any of the workspace's numbers
// turns their `doNotDisturb` on or off, where the configuration lives (the console's save path: a bundle file
// locally, Sync's workspace document deployed; the writer is handed in, src/console/do-not-disturb), and gets one
// text back saying so. Once per message: the text is claimed in the user's reply ledger first, so a retried webhook
// changes nothing again and sends no second confirmation (a delivery that died half-way is taken over past the
// lease, as for any reply). Setting the value, not toggling it, makes a repeat harmless too.
import type { PhoneNumber, User, Workspace } from '../config/types';
import type { StepLog } from '../log/step-log';
import type { Messenger, SendResult } from '../textback/messenger';
import { sendOptionsFor } from '../textback/sender';
import { sendAll, type ReplyOutcome } from './forward';
import { openReplyEntry, type ReplyEntry, type ReplyLedger } from './ledger';
import type { InboundText } from './message';
import type { SenderCap } from './sender-cap';

/** The command alone: DND, then ON or OFF, nothing else but spaces. */
const DND_COMMAND = /^\s*dnd[ \t]+(on|off)\s*$/i;

/** `true` for DND on, `false` for DND off, null for any other text (a text with media is never the command alone). */
export function readDndCommand(text: Pick<InboundText, 'body' | 'media'>): boolean | null {
  if (text.media.length > 0) return null;
  const match = DND_COMMAND.exec(text.body);
  return match ? match[1]!.toLowerCase() === 'on' : null;
}

/** What saving the setting came to: `saved`, `unchanged` (it already was so), or why it could not be saved. */
export type DoNotDisturbSave =
  | { status: 'saved' | 'unchanged'; where: string }
  | { status: 'refused'; detail: string }
  | { status: 'failed'; detail: string };

/** Sets a user's doNotDisturb where the configuration lives; never throws. */
export type DoNotDisturbWriter = (workspaceId: string, userId: string, on: boolean) => Promise<DoNotDisturbSave>;

/** What the history keeps of a DND text: the command, what saving it came to, and the confirmation sent. */
export interface DndCommandRecord {
  name: 'dnd';
  on: boolean;
  status: 'pending' | DoNotDisturbSave['status'];
  detail?: string;
  confirmation?: { body: string; status: SendResult['status'] | 'withheld'; messageSid?: string; detail?: string };
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

/** The text back to the user (one SMS segment with a workspace name of up to ~40 characters). */
export function dndConfirmation(workspace: Pick<Workspace, 'name'>, on: boolean, save: DoNotDisturbSave): string {
  if (save.status === 'refused' || save.status === 'failed')
    return `Do not disturb was not changed: it could not be saved (${save.status === 'refused' ? 'settings cannot be changed here' : 'try again in a minute'}). You can change it in the console.`;
  const was = save.status === 'unchanged' ? 'was already' : 'is now';
  return on
    ? `Do not disturb ${was} on: calls to ${workspace.name} will not ring you. Text DND off to turn it off.`
    : `Do not disturb ${was} off: calls to ${workspace.name} ring you again. Text DND on to turn it on.`;
}

export interface DndDeps {
  messenger: Messenger;
  log: StepLog;
  now: Date;
  cap: SenderCap;
  save: DoNotDisturbWriter | undefined;
}

export interface DndContext {
  workspace: Workspace;
  number: PhoneNumber;
  user: User;
  /** The user's reply ledger (their own texts are kept there, as any sender's). */
  ledger: ReplyLedger;
}

/** Handles `DND on` / `DND off` from a user's own phone: claims it once, saves the setting, confirms by text. */
export async function handleDndText(
  deps: DndDeps,
  context: DndContext,
  text: InboundText & { messageSid: string },
  on: boolean,
): Promise<ReplyOutcome> {
  const { workspace, number, user, ledger } = context;
  const command = `DND ${onOff(on)}`;
  const entry = openReplyEntry(text, workspace.id, ledger.callSid, deps.now, {
    why: `${user.id} texted ${command} from their phone: do not disturb ${onOff(on)}`,
    forwardBody: null,
    command: { name: 'dnd', on, status: 'pending' },
  });
  const claimed = await ledger.claim(entry);
  if (claimed === 'exists') return { state: 'duplicate' };
  if (claimed === 'failed') return { state: 'unrecorded' };

  const save: DoNotDisturbSave = deps.save
    ? await deps.save(workspace.id, user.id, on).catch((error: unknown) => ({ status: 'failed' as const, detail: String(error) }))
    : { status: 'refused', detail: 'this function was given no way to save settings' };
  const detail = 'detail' in save ? save.detail : `in ${save.where}`;
  deps.log.info(`${user.id} texted ${command} (${text.messageSid}): ${save.status}, ${detail}`);
  const body = dndConfirmation(workspace, on, save);
  const held = await deps.cap.admit(workspace.id, text.from, deps.now, `the ${command} confirmation`, text.messageSid);
  const confirmation: NonNullable<DndCommandRecord['confirmation']> = held
    ? { body, status: 'withheld', detail: held }
    : { body, ...(await sendAll(deps, text.from, number.number, [body], sendOptionsFor(workspace, number))) };
  const settled: ReplyEntry = {
    ...entry,
    status: 'not-forwarded',
    why: `${entry.why}: ${save.status} (${detail}); never forwarded (a command, not a reply); confirmation ${confirmation.status}`,
    command: { name: 'dnd', on, status: save.status, detail, confirmation },
  };
  if (!(await ledger.settle(settled)))
    deps.log.warn(`${user.id}'s ${command} ${text.messageSid}: its outcome could not be recorded (the history says "forwarding")`);
  return { state: 'handled', entry: settled };
}
