// The calls the decision benchmark routes, generated from a seed against a bundle: mostly routed numbers
// (a few unknown ones), callers who are contacts, strangers or withheld, at instants spread over two weeks
// (open, closed, and closed dates), and the abuse guard's count of each (now and then over the limit), so every
// rule in the table gets its share.
import type { Bundle } from '../../src/config/types';
import type { CallInput } from '../../src/routing/types';
import { callerOf } from '../../src/phone/caller-id';
import { benchPhone } from './large-config';
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
    return { call: { to, from, caller: callerOf(from), callerCount }, at: new Date(FIRST_INSTANT + random.int(SPAN_MINUTES) * 60_000) };
  });
}
