// The impact of an edit on past calls: the calls that would now route differently, old and new side by side, and
// only those. The past routes are what incoming-call recorded under the configuration of then (here: decided by it).
import { readBundleFile } from '../../src/config/parse';
import type { Bundle } from '../../src/config/types';
import { decide } from '../../src/routing/decide';
import { legLabel } from '../../src/routing/legs';
import { replayImpact, type PastCall } from '../../src/routing/impact';
import { join } from 'node:path';
import { ROOT } from '../support/twilio-run';
import { callerOf } from '../../src/phone/caller-id';
import type { RouteEntry } from '../../src/calls/call-log';
import { formatImpact, pastCalls } from '../../src/calls/impact';
import { parseBundle } from '../../src/config/parse';
import { FIXTURE } from '../cases/routing-cases';

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

test('outbound calls (not the routing table) and calls without a valid time are skipped', () => {
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
      callSid: `CA${'3'.repeat(32)}`,
      at: 'yesterday',
      from: '+15557770011',
      to: MAIN,
      caller: callerOf('+15557770011'),
      rule: 'ring-group',
      legs: [],
    },
  ];
  expect(replayImpact(odd, before)).toEqual({ replayed: 0, skipped: 2, changes: [] });
});

describe("the abuse guard's rule, replayed with the count each call had (the sample's limit: 10 a minute)", () => {
  const spammer = '+15557770010';
  /** A call of the caller's `calls`th this minute, routed as incoming-call routes it, with its count. */
  const countedCall = (calls: number, i: number): PastCall => {
    const call = { to: MAIN, from: spammer, at: OPEN, caller: callerOf(spammer), callerCount: { counted: true as const, calls } };
    const decision = decide(call, before, new Date(OPEN));
    return { callSid: `CA${String(90 + i).padStart(32, '0')}`, ...call, rule: decision.rule, legs: decision.targets.map(legLabel) };
  };
  const calls = [countedCall(4, 0), countedCall(11, 1)];
  const limited = (limit: number) =>
    edited((bundle) => {
      bundle.workspaces[0]!.inbound.maxCallsPerCallerPerMinute = limit;
    });

  test('the 11th call was turned away by the guard; unchanged, both replay as they went', () => {
    expect(calls.map((call) => call.rule)).toEqual([past[0]!.rule, 'abuse-guard']);
    expect(replayImpact(calls, before)).toEqual({ replayed: 2, skipped: 0, changes: [] });
  });

  test('the limit raised to 20: the 11th call would now ring', () => {
    const report = replayImpact(calls, limited(20));
    expect(report.changes).toEqual([
      expect.objectContaining({
        callSid: calls[1]!.callSid,
        before: { rule: 'abuse-guard', legs: [] },
        after: expect.objectContaining({ rule: past[0]!.rule }),
      }),
    ]);
  });

  test('the limit lowered to 3: the 4th call would now be turned away too', () => {
    const report = replayImpact(calls, limited(3));
    expect(report.changes).toEqual([
      expect.objectContaining({ callSid: calls[0]!.callSid, after: { rule: 'abuse-guard', legs: [], action: 'reject' } }),
    ]);
  });
});

describe('issue 20: a replayed call uses what it carried then (the keys it pressed, its StirVerstat)', () => {
  const peers = parseBundle(FIXTURE, 'the shared fixture');
  const MENU_LINE = '+15550660900';
  const CALLER = '+15550660299';
  const AT = '2026-11-23T15:00:00.000Z';
  /** A call that pressed 2 at the phone menu (leave a message), as the history keeps its route. */
  const route: RouteEntry = {
    at: AT,
    to: MENU_LINE,
    from: CALLER,
    workspace: 'peers',
    rule: 'phone-menu',
    action: 'voicemail',
    legs: [],
    callerId: null,
    reason: '',
    presses: ['2'],
    menu: { options: [], answers: ['2'], chose: '2', how: 'pressed' },
  };
  const calls = pastCalls([{ callSid: `CA${'1'.repeat(32)}`, outcome: 'missed', workspace: 'peers', at: AT, route }]);

  test('the history hands the replay the presses and the option taken', () => {
    expect(calls[0]).toMatchObject({ presses: ['2'], menu: '2', rule: 'phone-menu', legs: [] });
  });

  test('no change: the call presses 2 again and takes the same option, so it is not listed', () => {
    expect(replayImpact(calls, peers)).toEqual({ replayed: 1, skipped: 0, changes: [] });
  });

  test('option 2 now forwards: the call is listed with the option it took then and now', () => {
    const edited = structuredClone(peers);
    const menu = edited.workspaces.find((workspace) => workspace.id === 'peers')!.numbers.find((number) => number.number === MENU_LINE)!
      .menu!;
    menu.options['2'] = { label: 'Office', action: 'forward', to: '+15550660077', words: [] };
    const [change] = replayImpact(calls, edited).changes;
    expect(change).toMatchObject({
      before: { rule: 'phone-menu', legs: [], menu: '2' },
      after: { rule: 'phone-menu', legs: ['number:+15550660077'], action: 'dial', menu: '2' },
    });
    expect(formatImpact({ ...replayImpact(calls, edited), since: AT })).toContain(
      'phone-menu (menu: option 2) -> phone-menu (menu: option 2) [number:+15550660077]',
    );
  });
});
