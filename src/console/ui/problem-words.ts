// Where a problem is, in the owner's words: "Users › Dee (new) › Id" for `users.4.id`, "Main line › Forwarding
// Number" for `numbers.0.forwardingNumber`; the path itself stays a hover away (the list item's title). Pure.
import type { Draft } from './draft';

/** The fields' labels as the settings page shows them; a field not listed is its name in words. */
const FIELD_WORDS: Record<string, string> = {
  id: 'Id',
  name: 'Name',
  phone: 'Phone',
  extension: 'Extension',
  timeZone: 'Time zone',
  companyPhone: 'Company phone',
  forwardingNumber: 'Forwarding Number',
  verifiedCallerId: 'Verified caller ID',
  forwardTo: 'Forward to',
  inboundTimeout: 'Inbound timeout',
  outboundTimeout: 'Outbound timeout',
  greetingText: 'Voicemail greeting',
  greetingUrl: 'Voicemail audio URL',
  whisper: 'Whisper Message',
  announcement: 'Recording announcement',
  blocked: 'Blocked numbers',
  doNotText: 'Never text these numbers',
  message: 'Message',
  url: 'URL',
  secret: 'Signing secret',
  ringUsers: 'Ring group',
  ringFirst: 'Ring first',
  menu: 'Phone menu',
  options: 'Options',
  speech: 'Spoken prompts',
  language: 'Language',
  voice: 'Voice',
  textBack: 'Missed call text back',
  inbound: 'Inbound calls',
  screening: 'Spam protection',
  notifications: 'Notifications',
  quietHours: 'Quiet hours',
  businessHours: 'Business hours',
  closedDates: 'Closed dates',
  workingHours: 'Working hours',
  voicemail: 'Voicemail',
  afterHours: 'After hours',
  callConnect: 'Call connect',
  recording: 'Call recording',
};

const words = (key: string) => FIELD_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());

/** The place of a problem at `path` of the workspace `draft`, in words. */
export function problemPlace(path: string, draft: Draft): string {
  if (!path) return 'The workspace';
  const parts = path.split('.');
  const place: string[] = [];
  let value: unknown = draft;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const parent = parts[i - 1];
    const next = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    if (/^\d+$/.test(part) && (parent === 'users' || parent === 'numbers')) {
      const entry = (next ?? {}) as { name?: unknown; number?: unknown };
      const name = typeof entry.name === 'string' && entry.name.trim() ? entry.name : null;
      place.push(name ?? `${parent === 'users' ? 'User' : 'Number'} ${Number(part) + 1}`);
    } else if (/^\d+$/.test(part) && parent === 'webhooks') place.push(`Webhook ${Number(part) + 1}`);
    else if (/^\d+$/.test(part)) place.push(`entry ${Number(part) + 1}`);
    else if (parent === 'options') place.push(`Key ${part}`);
    else place.push(words(part));
    value = next;
  }
  return place.join(' › ');
}
