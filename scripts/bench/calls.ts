// The calls the decision benchmark routes, generated from a seed against a bundle: mostly routed numbers
// (a few unknown ones), callers who are contacts, strangers or withheld, at instants spread over two weeks
// (open, closed, and closed dates), and the abuse guard's count of each (now and then over the limit), so every
// rule in the table gets its share; and what issue 20's rules read (a stream of its own): the caller ID check, the
// answers at the prompts, the round-robin turn, the user who last answered.
import type { Bundle } from '../../src/config/types';
import type { CallInput } from '../../src/routing/types';
import { callerOf } from '../../src/phone/caller-id';
import { BLOCKED_STRANGERS, benchPhone } from './large-config';
import { seededRandom } from './random';

export interface BenchCall {
  call: CallInput;
  at: Date;
}

const FIRST_INSTANT = Date.parse('2026-11-20T00:00:00Z');
const SPAN_MINUTES = 14 * 24 * 60;
const WITHHELD = ['anonymous', 'restricted', ''];

export function generateCalls(bundle: Bundle, count: number, seed: number): BenchCall[] {
  const random = seededRandom(seed);
  // The abuse guard's counts from a stream of their own, so the calls drawn from `random` stay what they were.
  const guard = seededRandom(seed + 1);
  const peers = seededRandom(seed + 3);
  const lines = bundle.workspaces.flatMap((workspace) =>
    workspace.numbers.map((number) => ({ number: number.number, contacts: workspace.contacts })),
  );
  return Array.from({ length: count }, () => {
    const line = random.pick(lines);
    const to = random.chance(0.05) ? benchPhone('unrouted', random.int(1000)) : line.number;
    const kind = random.next();
    const from =
      kind < 0.6 && line.contacts.length > 0
        ? random.pick(line.contacts).phone
        : kind < 0.9
          ? benchPhone('stranger', random.int(1_000_000))
          : random.pick(WITHHELD);
    // Classified as the functions do before deciding (src/phone/caller-id).
    // The guard's count as the functions hand it to decide(): one caller in a hundred over the default limit (10).
    const callerCount = { counted: true as const, calls: guard.chance(0.01) ? 11 : 1 + guard.int(3) };
    const at = new Date(FIRST_INSTANT + random.int(SPAN_MINUTES) * 60_000);
    const call: CallInput = {
      to,
      from: peers.chance(0.01) ? benchPhone('stranger', peers.int(BLOCKED_STRANGERS)) : from,
      caller: callerOf(from),
      callerCount,
    };
    call.caller = callerOf(call.from);
    addPeerInputs(call, at, peers);
    return { call, at };
  });
}

const STIR = ['TN-Validation-Passed-A', 'TN-Validation-Passed-B', 'TN-Validation-Failed-C', 'No-TN-Validation'];
const ANSWERS = ['1', '2', '3', '', '7', 'sales'];

/** The caller ID check (most calls pass), answers for any prompt, a round-robin turn, and now and then an earlier answer. */
function addPeerInputs(call: CallInput, at: Date, peers: ReturnType<typeof seededRandom>): void {
  if (peers.chance(0.7)) call.stir = peers.pick(STIR);
  call.presses = [peers.chance(0.8) ? '1' : '', peers.pick(ANSWERS), peers.pick(ANSWERS)];
  call.rotation = { turn: peers.int(1000), source: 'counter' };
  if (peers.chance(0.3)) {
    const daysAgo = peers.int(45);
    call.lastAnswered = {
      user: `user-${1 + peers.int(20)}`,
      callSid: `CA${String(peers.int(1e9)).padStart(32, '0')}`,
      at: new Date(at.getTime() - daysAgo * 86_400_000).toISOString(),
    };
  }
}
