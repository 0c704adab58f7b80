// The workspace's own people on a call: a user calling a line that would ring them does not ring themselves
// (not their phone, not their apps), and a missed call from a user, the company phone or one of the workspace's
// own numbers is never texted back.
import { parseBundle } from '../../src/config/parse';
import { decide } from '../../src/routing/decide';
import { legLabel } from '../../src/routing/legs';
import { textBackEligibility } from '../../src/textback/policy';
import { callerOf } from '../../src/phone/caller-id';

const ALICE = '+15550260002';
const BOB = '+15550260003';
const COMPANY = '+15550260001';
const bundle = parseBundle({
  workspaces: [
    {
      id: 'own',
      name: 'Own Co',
      companyPhone: COMPANY,
      textBack: { enabled: true },
      users: [
        { id: 'alice', name: 'Alice', phone: ALICE, webApp: true },
        { id: 'bob', name: 'Bob', phone: BOB, mobileApp: true },
      ],
      numbers: [
        { number: '+15550260100', name: "Alice's line", assignedUser: 'alice' },
        { number: '+15550260101', name: 'Team line', ringUsers: ['alice', 'bob'] },
      ],
    },
  ],
});
const at = new Date('2026-11-23T15:00:00Z');
const rung = (to: string, from: string) => decide({ to, from, caller: callerOf(from) }, bundle, at);

describe('a user calling a line that rings them', () => {
  test('Alice calling her own line rings neither her phone nor her app; the call goes on to the next rule', () => {
    const decision = rung('+15550260100', ALICE);
    expect(decision.targets.map(legLabel)).not.toEqual(expect.arrayContaining([`number:${ALICE}`]));
    expect(decision.targets.map(legLabel)).not.toContain('client:own_alice_web');
    expect(decision.rule).toBe('company-phone');
    expect(decision.trace.find((entry) => entry.rule === 'number-assigned-user')).toMatchObject({
      applied: false,
      reason: expect.stringContaining('is the caller (+15550260002) calling in'),
    });
  });

  test('Alice calling the team line rings only Bob', () => {
    const decision = rung('+15550260101', ALICE);
    expect(decision.targets.map(legLabel)).toEqual(['client:own_bob_mobile', `number:${BOB}`]);
    expect(decision.dropped.map((drop) => [legLabel(drop.target), drop.reason])).toEqual([
      ['client:own_alice_web', 'caller'],
      [`number:${ALICE}`, 'caller'],
    ]);
  });

  test('anyone else calling her line rings her', () => {
    expect(rung('+15550260100', '+15550269999').targets.map(legLabel)).toEqual(['client:own_alice_web', `number:${ALICE}`]);
  });
});

describe("text-back never goes to the workspace's own side", () => {
  const workspace = bundle.workspaces[0]!;
  const number = workspace.numbers[0]!;
  const eligibility = (caller: string) => textBackEligibility({ workspace, number, contact: null, caller, optedOut: false });

  test.each([
    [ALICE, 'the phone of user alice'],
    [COMPANY, 'the company phone'],
    ['+15550260101', "one of the workspace's own numbers"],
  ])('%s (%s): skipped as own-user', (caller, who) => {
    expect(eligibility(caller)).toMatchObject({ send: false, reason: 'own-user', detail: expect.stringContaining(who) });
  });

  test('a customer is texted', () => {
    expect(eligibility('+15550269999')).toMatchObject({ send: true });
  });
});
