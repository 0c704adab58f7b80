// The test kit's whole calls (tests/support/drive-call.ts) through the functions served by twilio-run, in local mode:
// each shape ends as the call log and the outbox say such a call ends, every step after incoming-call was asked at
// the URL incoming-call's TwiML named (the dial step read the route from it, not from the log), and a shape the call
// cannot take (a rejected call answered, a missed call that never rang) throws instead of passing by accident.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callLogOf } from '../support/call-log';
import { type CallShape, callIn, driveCall, type DriveOptions, verbsOf } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { FLOW, FLOW_BUNDLE } from './fixture';

const stateDir = mkdtempSync(join(tmpdir(), 'drive-call-'));
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['flow', 'bare']);
let server: FunctionsServer;

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  bundle.workspaces[0]!.textBack = { enabled: true, windowMinutes: 20 };
  server = await startFunctions({ CONFIG_FILE: writeTempJson('drive-call.json', bundle), LOCAL_STATE_DIR: stateDir });
});
afterAll(() => server?.stop());

let callers = 0;
const caller = () => `+1555098${String((callers += 1)).padStart(4, '0')}`;
const textsTo = async (to: string) =>
  (await store.list(OUTBOX_MAP)).map((item) => item.data as { to: string; body: string }).filter((text) => text.to === to);

interface ShapeCase {
  shape: CallShape;
  line: string;
  options?: DriveOptions;
  /** The verbs of the last TwiML the call heard. */
  heard: string[];
  /** The call log's dial entry; null: the call never dialled. */
  dial: { outcome: 'answered' | 'missed'; reason?: string; answeredBy?: string } | null;
  outcome: 'answered' | 'missed';
  voicemail: boolean;
  textedBack: boolean;
}

const SHAPES: ShapeCase[] = [
  {
    shape: 'answered',
    line: FLOW.connectLine,
    options: { answeredBy: `number:${FLOW.annPhone}` },
    heard: ['Hangup'],
    dial: { outcome: 'answered', answeredBy: `number:${FLOW.annPhone}` },
    outcome: 'answered',
    voicemail: false,
    textedBack: false,
  },
  {
    shape: 'answered',
    line: FLOW.connectLine,
    options: { answeredBy: `number:${FLOW.annPhone}`, pressKey: false },
    heard: ['Play', 'Record'],
    dial: { outcome: 'missed' },
    outcome: 'missed',
    voicemail: false,
    textedBack: true,
  },
  {
    shape: 'missed',
    line: FLOW.plainLine,
    heard: ['Say', 'Record'],
    dial: { outcome: 'missed', reason: 'no answer' },
    outcome: 'missed',
    voicemail: false,
    textedBack: true,
  },
  {
    shape: 'busy',
    line: FLOW.plainLine,
    heard: ['Say', 'Record'],
    dial: { outcome: 'missed', reason: 'busy' },
    outcome: 'missed',
    voicemail: false,
    textedBack: true,
  },
  {
    shape: 'hang-up-early',
    line: FLOW.plainLine,
    heard: ['Hangup'],
    dial: { outcome: 'missed', reason: 'the caller hung up' },
    outcome: 'missed',
    voicemail: false,
    textedBack: true,
  },
  {
    shape: 'voicemail',
    line: FLOW.groupLine,
    heard: ['Say', 'Hangup'],
    dial: { outcome: 'missed', reason: 'no answer' },
    outcome: 'missed',
    voicemail: true,
    textedBack: true,
  },
  {
    shape: 'voicemail',
    line: FLOW.voicemailLine,
    heard: ['Say', 'Hangup'],
    dial: null,
    outcome: 'missed',
    voicemail: true,
    textedBack: true,
  },
];

test.each(SHAPES.map((c) => [`${c.shape}${c.options?.pressKey === false ? ' (no key pressed)' : ''} on ${c.line}`, c] as const))(
  '%s',
  async (_title, c) => {
    const from = caller();
    const call = await driveCall(server, { to: c.line, from }, c.shape, c.options);
    expect(verbsOf(call.steps.at(-1)!.twiml)).toEqual(c.heard);
    const record = await callLog.read(call.callSid);
    expect(record).toMatchObject({ outcome: c.outcome });
    if (c.dial === null) expect(record?.dial).toBeUndefined();
    // The route came with the <Dial action>: the kit posted the URL incoming-call named, query and all.
    else expect(record?.dial).toMatchObject({ ...c.dial, route: 'the callback URL' });
    if (c.voicemail) expect(record?.voicemail).toMatchObject({ recordingUrl: call.recorded!.params.RecordingUrl, durationSeconds: 12 });
    else expect(record?.voicemail ?? null).toBeNull();
    expect(await textsTo(from)).toHaveLength(c.textedBack ? 1 : 0);
  },
);

test('a reply after a missed call reaches the user the call rang', async () => {
  const from = caller();
  const call = await driveCall(server, { to: FLOW.plainLine, from }, 'missed', { reply: 'Still need the plumber' });
  expect(call.replied!.twiml.children).toEqual([]);
  expect(await textsTo(FLOW.benPhone)).toContainEqual(expect.objectContaining({ body: expect.stringContaining('Still need the plumber') }));
});

test('a shape the call cannot take throws, saying what incoming-call answered', async () => {
  await expect(driveCall(server, { to: '+15550699999', from: caller() }, 'missed')).rejects.toThrow(
    'a missed call needs a <Dial>; incoming-call answered Reject',
  );
  await expect(driveCall(server, { to: FLOW.bareLine, from: caller() }, 'answered')).rejects.toThrow(
    'the call cannot be answered: incoming-call rang nobody',
  );
  await expect(driveCall(server, { to: FLOW.voicemailLine, from: caller() }, 'busy')).rejects.toThrow(
    'a busy call needs a <Dial>; incoming-call answered Play, Record',
  );
  // A call that was never rung cannot be driven on from its <Dial action>.
  const rejected = await callIn(server, { to: '+15550699999', from: caller() });
  expect(rejected.action).toBe('');
});
