// The configuration the load runs against: an agency's workspaces, each with four lines (one with call connect
// and recording, assigned to a user with a phone and the web app; one ring group of two users, phones and apps; the
// same two rung one at a time, a tier each; and a phone menu whose 1 rings them together),
// text-back on, the abuse guard at its default, and a quarter of each workspace's callers known as contacts.
// Built from the plan, so every caller the plan names is either a contact or a stranger on purpose.
import type { BundleInput } from '../../../src/config/types';
import { DURATIONS, lineNumber, userPhone, workspaceIds, type PlannedCall } from './plan';

/** Seconds the legs ring before a call counts as missed (the workspace's inbound timeout, on every <Dial>). */
export const RING_TIMEOUT_SECONDS = 20;

/** The shard count the functions are given (STATE_SHARDS) in the load and the per-call measurement: the documented default. */
export const STATE_SHARDS = 8;

/** Of each workspace's callers, every this-many-th is one of its contacts. */
const CONTACT_EVERY = 4;

/** The bundle `config push` puts in Sync for the load: one workspace per id, the busy one first. */
export function loadBundle(workspaces: number, calls: readonly PlannedCall[]): BundleInput {
  const contacts = new Map<string, { phone: string; firstName: string }[]>();
  const seen = new Map<string, number>();
  for (const call of calls) {
    const n = seen.get(call.workspace) ?? 0;
    seen.set(call.workspace, n + 1);
    if (n % CONTACT_EVERY !== 0) continue;
    const list = contacts.get(call.workspace) ?? [];
    list.push({ phone: call.from, firstName: `Caller${n}` });
    contacts.set(call.workspace, list);
  }
  return {
    workspaces: workspaceIds(workspaces).map((id, i) => ({
      id,
      name: `Load Co ${i + 1}`,
      timeZone: 'America/New_York',
      inbound: { timeout: RING_TIMEOUT_SECONDS },
      voicemail: { greetingText: `You have reached Load Co ${i + 1}. Please leave a message.` },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [
        { id: 'ann', name: 'Ann', phone: userPhone(id, 1), webApp: true },
        { id: 'ben', name: 'Ben', phone: userPhone(id, 2), mobileApp: true },
      ],
      numbers: [
        {
          number: lineNumber(id, 'connect'),
          name: 'Main line',
          assignedUser: 'ann',
          callConnect: { enabled: true },
          recording: { enabled: true },
        },
        { number: lineNumber(id, 'group'), name: 'Sales line', ringUsers: ['ann', 'ben'] },
        {
          number: lineNumber(id, 'tiers'),
          name: 'Service line',
          ringUsers: ['ann', 'ben'],
          ringOrder: 'in-order' as const,
          ringSecondsEach: DURATIONS.firstTier[0],
        },
        {
          number: lineNumber(id, 'menu'),
          name: 'Menu line',
          menu: {
            greeting: { text: `Thanks for calling Load Co ${i + 1}.` },
            options: { '1': { label: 'Sales', action: 'ring' as const, users: ['ann', 'ben'] } },
            default: '1',
          },
        },
      ],
      contacts: contacts.get(id) ?? [],
    })),
  };
}
