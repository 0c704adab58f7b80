// The load's plan (tests/support/load/plan.ts): the target's rates as steady streams, every caller distinct, the
// outcomes spread evenly over each workspace's calls and lines.
import { DURATIONS, LINES, TARGET_MIX, caseOf, longestCallSeconds, planCalls, plannedCounts, workspaceIds } from '../support/load/index';

const calls = planCalls({ ...TARGET_MIX, seconds: 2 });

test('100 calls per second for 2 s: 10 in every 100 ms tick, 2 of them to the busy workspace', () => {
  expect(calls).toHaveLength(200);
  const ticks = new Map<number, string[]>();
  for (const call of calls) ticks.set(call.at, [...(ticks.get(call.at) ?? []), call.workspace]);
  expect([...ticks.keys()]).toEqual(Array.from({ length: 20 }, (_, tick) => tick * 100));
  for (const workspaces of ticks.values()) {
    expect(workspaces).toHaveLength(10);
    expect(workspaces.filter((workspace) => workspace === 'ws01')).toHaveLength(2);
  }
});

test('the other 49 workspaces share the other 80 calls per second in turn: 160 calls are 3 or 4 each', () => {
  const perWorkspace = new Map(workspaceIds(50).map((id) => [id, calls.filter((call) => call.workspace === id).length]));
  expect(perWorkspace.get('ws01')).toBe(40);
  const others = [...perWorkspace].filter(([id]) => id !== 'ws01').map(([, count]) => count);
  // 160 = 49 × 3 + 13: the first 13 in turn get a fourth.
  expect(others.filter((count) => count === 4)).toHaveLength(13);
  expect(others.filter((count) => count === 3)).toHaveLength(36);
});

test('every caller and CallSid is distinct; half the calls are missed, a quarter answered on a phone, a quarter on the app', () => {
  expect(new Set(calls.map((call) => call.from)).size).toBe(calls.length);
  expect(new Set(calls.map((call) => call.callSid)).size).toBe(calls.length);
  expect(calls.every((call) => /^CA[0-9a-f]{32}$/.test(call.callSid))).toBe(true);
  // The busy workspace's 40: 20 missed, 10 and 10 answered.
  expect(plannedCounts(calls.filter((call) => call.workspace === 'ws01'))).toEqual({
    missed: 20,
    'answered-phone': 10,
    'answered-app': 10,
  });
  // Every outcome comes on every line.
  const cases = new Set(calls.filter((call) => call.workspace === 'ws01').map(caseOf));
  expect(cases.size).toBe(3 * LINES.length);
});

test('a longer plan is the same plan continued', () => {
  expect(planCalls({ ...TARGET_MIX, seconds: 4 }).slice(0, calls.length)).toEqual(calls);
});

test('durations within their ranges, and the longest call: a first tier rung out, ringing, talk; or the menu, the dial timeout and the message', () => {
  for (const call of calls) {
    expect(call.ringSeconds).toBeGreaterThanOrEqual(DURATIONS.ring[0]);
    expect(call.ringSeconds).toBeLessThanOrEqual(DURATIONS.ring[1]);
    expect(call.talkSeconds).toBeGreaterThanOrEqual(DURATIONS.talk[0]);
    expect(call.talkSeconds).toBeLessThanOrEqual(DURATIONS.talk[1]);
    expect(call.messageSeconds).toBeGreaterThanOrEqual(DURATIONS.message[0]);
    expect(call.messageSeconds).toBeLessThanOrEqual(DURATIONS.message[1]);
  }
  // Answered: 8 + 3 + 45 + 2 = 58 on the connect line, 10 + 8 + 45 = 63 on the tiers line (its first tier rung out),
  // 3 + 8 + 45 = 56 behind the menu. Missed: the menu's 3, the 20 s of ringing and a 30 s message = 53.
  // With a 40 s dial timeout, missed: 3 + 40 + 30 = 73.
  expect(longestCallSeconds(20)).toBe(63);
  expect(longestCallSeconds(40)).toBe(73);
});
