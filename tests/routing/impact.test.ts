// The impact of an edit on past calls: the calls that would now route differently, old and new side by side, and
// only those. The past routes are what incoming-call recorded under the configuration of then (here: decided by it).
import { readBundleFile, type Bundle } from '../../src/config';
import { decide, legLabel, replayImpact, type PastCall } from '../../src/routing';
import { join } from 'node:path';
import { ROOT } from '../support/twilio-run';
import { callerOf } from '../../src/phone/caller-id';

const before = readBundleFile(join(ROOT, 'assets', 'sample-config.private.json'));
const MAIN = '+15550100100';
const DIRECT = '+15550100101';
/** Tuesday 2026-11-24, 10:00 in New York: open. */
const OPEN = '2026-11-24T15:00:00.000Z';

function history(calls: { to: string; from: string; at: string }[]): PastCall[] {
  return calls.map((call, i) => {
    const caller = callerOf(call.from);
    const decision = decide({ ...call, caller }, before, new Date(call.at));
    return { callSid: `CA${String(i).padStart(32, '0')}`, ...call, caller, rule: decision.rule, legs: decision.targets.map(legLabel) };
  });
}

const edited = (change: (bundle: Bundle) => void): Bundle => {
  const copy = structuredClone(before);
  change(copy);
  return copy;
};

const past = history([
  { to: MAIN, from: '+15557770001', at: OPEN },
  { to: DIRECT, from: '+15557770002', at: OPEN },
  { to: MAIN, from: '+15557770003', at: '2026-11-24T16:00:00.000Z' },
]);

test('no change: every call replayed, none listed', () => {
  expect(replayImpact(past, before)).toEqual({ replayed: 3, skipped: 0, changes: [] });
});

test('the main line switched to forward mode: its two calls are listed with their old and new routes, the direct line is not', () => {
  const after = edited((bundle) => {
    const main = bundle.workspaces[0]!.numbers.find((number) => number.number === MAIN)!;
    main.mode = 'forward';
    main.forwardingNumber = '+15550100050';
  });
  const report = replayImpact(past, after);
  expect(report.replayed).toBe(3);
  expect(report.changes.map((change) => change.callSid)).toEqual([past[0]!.callSid, past[2]!.callSid]);
  expect(report.changes[0]).toMatchObject({
    from: '+15557770001',
    to: MAIN,
    before: { rule: past[0]!.rule, legs: past[0]!.legs },
    after: { rule: 'forward-mode', legs: ['number:+15550100050'], action: 'dial' },
  });
});

test('calls that are not the routing table (outbound, the abuse guard) and calls without a valid time are skipped', () => {
  const odd: PastCall[] = [
    {
      callSid: `CA${'1'.repeat(32)}`,
      at: OPEN,
      from: 'client:acme_alice_web',
      to: '+15557770009',
      caller: callerOf('client:acme_alice_web'),
      rule: 'outbound',
      legs: ['number:+15557770009'],
    },
    {
      callSid: `CA${'2'.repeat(32)}`,
      at: OPEN,
      from: '+15557770010',
      to: MAIN,
      caller: callerOf('+15557770010'),
      rule: 'abuse-guard',
      legs: [],
    },
    {
      callSid: `CA${'3'.repeat(32)}`,
      at: 'yesterday',
      from: '+15557770011',
      to: MAIN,
      caller: callerOf('+15557770011'),
      rule: 'ring-group',
      legs: [],
    },
  ];
  expect(replayImpact(odd, before)).toEqual({ replayed: 0, skipped: 3, changes: [] });
});
