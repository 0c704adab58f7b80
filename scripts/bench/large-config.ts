// The benchmark's large configuration, generated from a seed so every run routes against the same data:
// 50 numbers, 100 users and 10,000 contacts, with ring groups, business hours, closed dates, assigned
// users and contacts, forward, voicemail and inactive numbers; and issue 20's routing: a phone menu, ring order and
// ring first, round robin, users on do not disturb or with working hours, blocked callers, spam protection and the
// sticky agent (drawn from a stream of their own, so the rest stays as it was). One workspace's document (its settings and
// users) must fit Sync's 16 KiB, and 100 users do not, so they are split evenly over several workspaces.
import type { BundleInput } from '../../src/config/types';
import { RING_GROUP_MAX_USERS } from '../../src/config/schema';
import { seededRandom, type SeededRandom } from './random';

export interface LargeConfigSize {
  workspaces: number;
  numbers: number;
  users: number;
  contacts: number;
}

export const LARGE_CONFIG: LargeConfigSize = { workspaces: 5, numbers: 50, users: 100, contacts: 10_000 };
export const BENCH_SEED = 20261123;

/** Distinct ranges per kind of number, so no destination is ever one of the routed numbers (a loop). */
const PHONE_RANGES = { routed: '2', user: '3', company: '4', forwarding: '5', contact: '6', stranger: '7', unrouted: '8' } as const;
export type PhoneRange = keyof typeof PHONE_RANGES;

/** +1555 then the range digit then six digits: a valid E.164 number, unique per (range, index). */
export function benchPhone(range: PhoneRange, index: number): string {
  return `+1555${PHONE_RANGES[range]}${String(index).padStart(6, '0')}`;
}

const TIME_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London'];
const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatima', 'Greg', 'Hana', 'Ivan', 'June', 'Kofi', 'Lena'];
const LAST_NAMES = ['Ortiz', 'Nakamura', 'Okafor', 'Schmidt', 'Haddad', 'Lindqvist', 'Moreau', 'Patel'];
const CLOSED_DATES = ['2026-11-26', '2026-12-25', '2027-01-01'];

function perWorkspace(total: number, workspaces: number, what: string): number {
  if (total % workspaces !== 0) throw new Error(`${total} ${what} do not split evenly over ${workspaces} workspaces`);
  return total / workspaces;
}

function weeklyHours(random: SeededRandom) {
  const open = `0${7 + random.int(3)}:00`;
  const close = `${17 + random.int(3)}:00`;
  const weekday = [{ open, close }];
  return {
    weekly: {
      monday: weekday,
      tuesday: weekday,
      wednesday: weekday,
      thursday: weekday,
      friday: weekday,
      saturday: random.chance(0.5) ? [{ open: '09:00', close: '13:00' }] : [],
      sunday: [],
    },
    closedDates: CLOSED_DATES,
  };
}

/** Callers every workspace blocks: the first strangers (the calls draw from them now and then). */
export const BLOCKED_STRANGERS = 5;

/** Issue 20's settings of a number: the fifth a phone menu, the sixth rings one user first then in order, the seventh round robin. */
function peerNumberSettings(n: number, userIds: readonly string[], index: number) {
  if (n === 4) {
    return {
      menu: {
        greeting: { text: 'Thanks for calling.' },
        options: {
          '1': { label: 'Sales', action: 'ring' as const, users: userIds.slice(0, 3) },
          '2': { label: 'Leave a message', action: 'voicemail' as const, user: userIds[3] ?? null },
          '3': { label: 'Emergencies', action: 'forward' as const, to: benchPhone('forwarding', index) },
        },
        default: '1',
        speech: true,
      },
    };
  }
  if (n === 5) {
    return {
      ringUsers: userIds.slice(4, 8),
      ringOrder: 'in-order' as const,
      ringSecondsEach: 10,
      ringFirst: { users: [userIds[0] as string], seconds: 10 },
      assignedUser: null,
    };
  }
  if (n === 6) return { ringUsers: userIds.slice(8, 12), ringOrder: 'round-robin' as const, ringSecondsEach: 8, assignedUser: null };
  return {};
}

/** A deterministic bundle of the given size (not yet validated: parse it with parseBundle). */
export function generateLargeBundle(seed: number = BENCH_SEED, size: LargeConfigSize = LARGE_CONFIG): BundleInput {
  const random = seededRandom(seed);
  const peers = seededRandom(seed + 2);
  const usersEach = perWorkspace(size.users, size.workspaces, 'users');
  const numbersEach = perWorkspace(size.numbers, size.workspaces, 'numbers');
  const contactsEach = perWorkspace(size.contacts, size.workspaces, 'contacts');
  if (usersEach < RING_GROUP_MAX_USERS) throw new Error(`a workspace needs at least ${RING_GROUP_MAX_USERS} users for a full ring group`);

  const workspaces = Array.from({ length: size.workspaces }, (_, w) => {
    const business = `Business ${w + 1}`;
    const userIds = Array.from({ length: usersEach }, (_, u) => `user-${u + 1}`);
    const users = userIds.map((id, u) => ({
      id,
      name: `User ${u + 1} of ${business}`,
      phone: random.chance(0.8) ? benchPhone('user', w * usersEach + u) : null,
      extension: random.chance(0.2) ? String(100 + u) : null,
      webApp: random.chance(0.5),
      mobileApp: random.chance(0.5),
      voicemail: { greetingUrl: null, greetingText: random.chance(0.3) ? `You have reached user ${u + 1}. Leave a message.` : null },
      doNotDisturb: peers.chance(0.05),
      workingHours: peers.chance(0.1)
        ? { monday: [{ open: '08:00', close: '12:00' }], tuesday: [{ open: '08:00', close: '12:00' }] }
        : null,
    }));
    const numbers = Array.from({ length: numbersEach }, (_, n) => {
      const index = w * numbersEach + n;
      const base = { number: benchPhone('routed', index), name: `Line ${n + 1} of ${business}` };
      // The first number of each workspace is a full ring group with call connect and recording.
      if (n === 0) {
        return {
          ...base,
          ringUsers: userIds.slice(0, RING_GROUP_MAX_USERS),
          callConnect: { enabled: true, whisper: `${business} call for {{number.name}}. Press any key to accept.` },
          recording: { enabled: true, announcement: 'This call may be recorded.' },
        };
      }
      if (n === 1) return { ...base, mode: 'forward' as const, forwardingNumber: benchPhone('forwarding', index) };
      if (n === 2) return { ...base, mode: 'voicemail' as const };
      if (n === 3) return { ...base, status: 'inactive' as const };
      const peer = peerNumberSettings(n, userIds, index);
      return {
        ...base,
        assignedUser: random.chance(0.4) ? random.pick(userIds) : null,
        forwardingNumber: random.chance(0.3) ? benchPhone('forwarding', index) : null,
        ringUsers: random.chance(0.3) ? userIds.slice(n, n + 3 + random.int(3)) : [],
        passCalledNumberAsCallerId: random.chance(0.5),
        inboundTimeout: random.pick([null, 15, 20, 30]),
        afterHours: random.pick([
          { action: 'voicemail' as const },
          { action: 'ring' as const },
          { action: 'forward' as const, forwardTo: benchPhone('forwarding', index) },
        ]),
        ...peer,
      };
    });
    const contacts = Array.from({ length: contactsEach }, (_, c) => ({
      phone: benchPhone('contact', w * contactsEach + c),
      firstName: random.pick(FIRST_NAMES),
      lastName: random.pick(LAST_NAMES),
      assignedUser: random.chance(0.3) ? random.pick(userIds) : null,
      optedOut: random.chance(0.02),
    }));
    return {
      id: `ws-${w + 1}`,
      name: business,
      timeZone: random.pick(TIME_ZONES),
      companyPhone: random.chance(0.8) ? benchPhone('company', w) : null,
      businessHours: weeklyHours(random),
      inbound: {
        ringAssignedUser: random.chance(0.8),
        forwardToCompanyPhone: random.chance(0.7),
        timeout: random.pick([null, 20, 25]),
        stickyAgent: { enabled: w % 2 === 0, days: 30, seconds: 10 },
        screening: {
          blocked: Array.from({ length: BLOCKED_STRANGERS }, (_, b) => benchPhone('stranger', b)),
          stirFailed: peers.pick(['challenge', 'voicemail', 'reject'] as const),
          unknownCallers: 'allow' as const,
        },
      },
      voicemail: {
        greetingUrl: null,
        greetingText: `Thanks for calling ${business}. Leave a message after the tone.`,
        maxLengthSeconds: 120,
      },
      textBack: {
        enabled: true,
        message: 'Hi {{contact.first_name | there}}, this is {{business.name}}. Sorry we missed your call.',
        windowMinutes: 20,
      },
      users,
      numbers,
      contacts,
    };
  });
  return { workspaces };
}
