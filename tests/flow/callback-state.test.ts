// The state a call carries on its callback URLs (src/calls/callback-state): each field on the wire under the name
// calls in flight already carry (a deploy mid-call changes nothing for them), read back as written, and anything
// absent or malformed left out, never half-read. Expectations are the wire format itself, written out by hand.
import { decodeCallbackState, encodeCallbackState, type CallbackState } from '../../src/calls/callback-state';

const CONTACT = { phone: '+15550100200', firstName: 'Dana', lastName: null, assignedUser: 'ann', optedOut: false };
const SID = `CA${'0123456789abcdef'.repeat(2)}`;

const CASES: { what: string; state: CallbackState; wire: Record<string, string> }[] = [
  { what: "a call's place", state: { place: { workspace: 'acme', shard: 3 } }, wire: { crWs: 'acme', crShard: '3' } },
  { what: 'the place of a number no workspace routes', state: { place: { workspace: null, shard: 0 } }, wire: { crWs: '-', crShard: '0' } },
  {
    what: 'the route the call was given',
    state: { route: { rule: 'number-assigned-user', callConnect: true, greeting: 'user:ann' } },
    wire: { crRule: 'number-assigned-user', crConnect: '1', crGreeting: 'user:ann' },
  },
  {
    what: 'a route without call connect or voicemail',
    state: { route: { rule: 'ring-group', callConnect: false, greeting: 'none' } },
    wire: { crRule: 'ring-group', crConnect: '0', crGreeting: 'none' },
  },
  { what: 'a caller who is no contact', state: { contact: null }, wire: { crContact: 'none' } },
  {
    what: "the caller's contact",
    state: { contact: CONTACT },
    wire: { crContact: '{"phone":"+15550100200","firstName":"Dana","lastName":null,"assignedUser":"ann","optedOut":false}' },
  },
  {
    what: "the whisper's key press, with the call's numbers",
    state: { step: 'answer', called: '+15550100100', caller: 'anonymous' },
    wire: { crStep: 'answer', crCalled: '+15550100100', crCaller: 'anonymous' },
  },
  {
    what: "an outbound call's announcement",
    state: { step: 'announce', workspace: 'out', number: '+15550700100' },
    wire: { crStep: 'announce', crWorkspace: 'out', crNumber: '+15550700100' },
  },
  { what: "a text's delivery report", state: { workspace: 'acme', callSid: SID }, wire: { crWorkspace: 'acme', crCallSid: SID } },
  {
    what: "a call ringing in tiers: its decision's instant, the tier ringing, its round-robin turn and StirVerstat",
    state: { at: '2026-11-23T15:00:00.000Z', tier: 1, rotation: { turn: 4, source: 'counter' }, stir: 'TN-Validation-Passed-A' },
    wire: { crAt: '2026-11-23T15:00:00.000Z', crTier: '1', crTurn: '{"turn":4,"source":"counter"}', crStir: 'TN-Validation-Passed-A' },
  },
  {
    what: 'a random turn with why, the user who last answered, and the answers at the prompts',
    state: {
      rotation: { turn: 17, source: 'random', why: 'rate' },
      lastAnswered: { user: 'bob', callSid: SID, at: '2026-11-20T10:00:00.000Z' },
      presses: ['1', '', 'sales please'],
    },
    wire: {
      crTurn: '{"turn":17,"source":"random","why":"rate"}',
      crLast: `{"user":"bob","callSid":"${SID}","at":"2026-11-20T10:00:00.000Z"}`,
      crPresses: '["1","","sales please"]',
    },
  },
  { what: 'nothing', state: {}, wire: {} },
];

test.each(CASES)('$what: written under its names on the wire, and read back as written', ({ state, wire }) => {
  expect(encodeCallbackState(state)).toEqual(wire);
  expect(decodeCallbackState(wire)).toEqual(state);
});

const MALFORMED: { what: string; wire: Record<string, string> }[] = [
  { what: 'a place without its shard', wire: { crWs: 'acme' } },
  { what: 'a shard past the most there can be', wire: { crWs: 'acme', crShard: '64' } },
  { what: 'a workspace that is no id', wire: { crWs: 'Acme Co', crShard: '1' } },
  { what: 'a route missing its greeting', wire: { crRule: 'ring-group', crConnect: '1' } },
  { what: 'a route whose call connect is neither 1 nor 0', wire: { crRule: 'ring-group', crConnect: 'yes', crGreeting: 'none' } },
  { what: 'a greeting no route gives', wire: { crRule: 'ring-group', crConnect: '1', crGreeting: 'user:Ann Smith' } },
  { what: 'a contact that is not JSON', wire: { crContact: '{"phone":' } },
  { what: 'a contact its schema refuses', wire: { crContact: '{"phone":"not a number"}' } },
  { what: 'a step no function has', wire: { crStep: 'hangup' } },
  { what: 'a CallSid that is none', wire: { crCallSid: 'CA123' } },
  { what: "Twilio's own parameters", wire: { CallSid: SID, To: '+15550100100', From: '+15550100200' } },
  { what: 'an instant that is no ISO-8601 UTC instant', wire: { crAt: 'yesterday' } },
  { what: 'an instant that is no date', wire: { crAt: '2026-13-45T99:00:00Z' } },
  { what: 'a tier that is no index', wire: { crTier: '-1' } },
  { what: 'a tier past the most a route has', wire: { crTier: '99' } },
  { what: 'a turn that is not JSON', wire: { crTurn: 'four' } },
  { what: 'a turn below zero', wire: { crTurn: '{"turn":-1,"source":"counter"}' } },
  { what: 'a random turn without why', wire: { crTurn: '{"turn":3,"source":"random"}' } },
  { what: 'a turn from no source', wire: { crTurn: '{"turn":3,"source":"guess"}' } },
  { what: 'a last answer by no user id', wire: { crLast: `{"user":"Bob Smith","callSid":"${SID}","at":"2026-11-20T10:00:00.000Z"}` } },
  { what: 'a last answer without its call', wire: { crLast: '{"user":"bob","callSid":"CA1","at":"2026-11-20T10:00:00.000Z"}' } },
  { what: 'a StirVerstat with markup', wire: { crStir: '<TN-Validation-Passed-A>' } },
  { what: 'answers that are not a list', wire: { crPresses: '"1"' } },
  { what: 'answers that are not words', wire: { crPresses: '[1,2]' } },
  { what: 'more answers than prompts can ask', wire: { crPresses: JSON.stringify(Array.from({ length: 11 }, () => '1')) } },
];

test.each(MALFORMED)('$what: left out', ({ wire }) => {
  expect(decodeCallbackState(wire)).toEqual({});
});

test('one malformed field leaves the others as they are', () => {
  expect(
    decodeCallbackState({ crWs: 'acme', crShard: '3', crRule: 'ring-group', crConnect: 'maybe', crGreeting: 'none', crContact: 'none' }),
  ).toEqual({
    place: { workspace: 'acme', shard: 3 },
    contact: null,
  });
});
