// Limits and constants of the configuration, without zod: what src/routing and other pure code may import.
// The schema (schema.ts) builds its rules from these.

export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
/** Workspace, user and other ids: lowercase letters and digits joined by single hyphens, at most ID_MAX_LENGTH. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ID_MAX_LENGTH = 40;

/** A workspace, user or rule id as the configuration allows it (what a signed URL or a request may carry). */
export const isWorkspaceId = (value: string | undefined): value is string =>
  typeof value === 'string' && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value);
export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 600;
export const RING_GROUP_MAX_USERS = 7;
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** How a number's ring group rings (numbers[].ringOrder). */
export const RING_ORDERS = ['together', 'in-order', 'round-robin'] as const;
export type RingOrder = (typeof RING_ORDERS)[number];
/** One user's turn (ringSecondsEach), a first tier (ringFirst.seconds), a sticky agent's turn. */
export const RING_SECONDS_MIN = 5;
export const RING_SECONDS_MAX = 120;
/** A phone menu's keys: one digit from 1 to 9. */
export const MENU_DIGIT_PATTERN = /^[1-9]$/;
export const MENU_DIGIT_MESSAGE = 'must be a single digit from 1 to 9';
/** What happens to a call whose caller ID failed SHAKEN/STIR (inbound.screening.stirFailed). */
export const STIR_FAILED_ACTIONS = ['allow', 'challenge', 'voicemail', 'reject'] as const;
export type StirFailedAction = (typeof STIR_FAILED_ACTIONS)[number];
export const DEFAULT_STICKY_AGENT = { enabled: false, days: 30, seconds: 15 } as const;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The call events a workspace's webhooks can subscribe to (src/events). */
export const CALL_EVENT_TYPES = [
  'call.completed',
  'voicemail.created',
  'voicemail.transcribed',
  'message.received',
  'textback.sent',
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

/** Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes (the spec's recommended range). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;

/** A Messaging Service SID (A2P 10DLC senders are registered through one). */
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/;

/** What a workspace's notifications can be about (workspaces[].notifications.events). */
export const NOTIFICATION_EVENTS = ['missed-call', 'voicemail', 'reply'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * The one phone a call to `number` rings for a user (seed 001's table): the user's own, else the number's forwarding
 * number, else the company phone when "forward calls to business phone number" is on; null when none. Here, with no
 * zod, so that routing (src/routing/legs.ts) and the configuration's own checks read the same rule.
 */
export function phoneOfUser(
  user: { phone?: string | null },
  workspace: { companyPhone?: string | null; inbound: { forwardToCompanyPhone: boolean } },
  number: { forwardingNumber?: string | null },
): { number: string; source: 'user-phone' | 'forwarding-number' | 'company-phone' } | null {
  if (user.phone) return { number: user.phone, source: 'user-phone' };
  if (number.forwardingNumber) return { number: number.forwardingNumber, source: 'forwarding-number' };
  if (workspace.companyPhone && workspace.inbound.forwardToCompanyPhone) return { number: workspace.companyPhone, source: 'company-phone' };
  return null;
}
