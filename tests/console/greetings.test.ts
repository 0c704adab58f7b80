// console-greetings and the greeting function over HTTP, served by twilio-run, with Twilio's APIs at the double
// behind Prism: an admin uploads an MP3 or WAV (checked from its bytes, kept, served back the same under its
// hash, saved as a greeting); bad, oversized and foreign requests are refused and keep nothing; "call me to record"
// places a call that records, and the recording becomes a signed link the recording function plays.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGreetingAudio, GREETING_MAX_BASE64 } from '../../src/console/greeting-audio';
import { callIn } from '../support/drive-call';
import { useTwilioApi } from '../support/twilio-api/index';
import { recordingToken } from '../../src/notify/recording-link';
import { startFunctions, TEST_AUTH_TOKEN, type FunctionsServer } from '../support/twilio-run';
import { ACME_ADMIN, ACME_USER, BIRCH_ADMIN, ConsoleClient, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi({ clearRequests: true });
let server: FunctionsServer;
let file: string;
const client = () => new ConsoleClient(server.baseUrl);
// Each person signs in once for the file (sign-in codes are rate limited per phone).
const sessions = new Map<string, ConsoleClient>();
const signedIn = async (phone: string) => {
  const known = sessions.get(phone);
  if (known) return known;
  const person = client();
  expect((await person.signIn(api, phone)).status).toBe(200);
  sessions.set(phone, person);
  return person;
};

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
});
afterAll(() => server?.stop());

/** A mono 16-bit PCM WAV at 8 kHz of `seconds`, a tone (bytes built here, not by the code under test). */
function toneWav(seconds: number, pitch = 440): Buffer {
  const samples = Math.round(8000 * seconds);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * pitch * i) / 8000)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const localUrl = (url: string) => url.replace(/^http:\/\/localhost:/, 'http://127.0.0.1:');
const fetchBytes = async (url: string) => {
  const response = await fetch(localUrl(url));
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cache: response.headers.get('cache-control'),
    body: Buffer.from(await response.arrayBuffer()),
  };
};
/** Every file the state folder holds for greetings, with its content. */
const storedGreetings = () =>
  (readdirSync(server.stateDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile() && join(entry.parentPath, entry.name).includes('greeting'))
    .map((entry) => `${entry.name}:${readFileSync(join(entry.parentPath, entry.name), 'utf8')}`)
    .sort();

test('an admin uploads a WAV: it is checked, kept, served back byte for byte under its hash, and saved as the company greeting', async () => {
  const alice = await signedIn(ACME_ADMIN);
  const audio = toneWav(2);
  const uploaded = await alice.call('console-greetings', { workspace: 'acme', action: 'upload', audio: audio.toString('base64') });
  expect(uploaded.status).toBe(200);
  expect(uploaded.body).toMatchObject({ format: 'wav', contentType: 'audio/wav', bytes: audio.length, seconds: 2 });
  const url = uploaded.body.url as string;
  expect(url).toMatch(/^http:\/\/localhost:\d+\/greeting\?g=[0-9a-f]{64}$/);

  const served = await fetchBytes(url);
  expect(served).toMatchObject({ status: 200, type: 'audio/wav', cache: expect.stringContaining('immutable') });
  expect(served.body.equals(audio)).toBe(true);

  // The same audio again is the same link (kept once).
  const again = await alice.call('console-greetings', { workspace: 'acme', action: 'upload', audio: audio.toString('base64') });
  expect(again.body.url).toBe(url);

  const read = await alice.call('console-settings', { workspace: 'acme' });
  const draft = read.body.workspace as { voicemail: Record<string, unknown>; numbers: Record<string, unknown>[] };
  draft.voicemail = { ...draft.voicemail, greetingUrl: url, greetingText: null };
  // The main line straight to voicemail, with the company's greeting (nobody assigned).
  Object.assign(draft.numbers.find((number) => number.number === '+15550100100')!, { mode: 'voicemail', assignedUser: null, menu: null });
  const saved = await alice.call('console-save', {
    workspace: 'acme',
    revision: read.body.revision as string,
    draft: JSON.stringify(draft),
  });
  expect(saved.status).toBe(200);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { workspaces: { id: string; voicemail: { greetingUrl: string } }[] };
  expect(written.workspaces.find((workspace) => workspace.id === 'acme')!.voicemail.greetingUrl).toBe(url);

  // A caller (a signed webhook, as Twilio sends it) hears it: <Play> of that link, then <Record>.
  const call = await callIn(server, { to: '+15550100100', from: '+15559990001' });
  const play = call.twiml.children.find((verb) => verb.name === 'Play');
  expect(play?.text).toBe(url);
  expect(call.record).not.toBeNull();
});

test('the sample the local player plays is a real WAV; an unknown or malformed greeting is 404', async () => {
  const sample = await fetchBytes(`${server.baseUrl}/greeting?g=sample`);
  expect(sample).toMatchObject({ status: 200, type: 'audio/wav' });
  expect(checkGreetingAudio(sample.body)).toMatchObject({ ok: true, audio: { format: 'wav', seconds: 2 } });
  expect((await fetchBytes(`${server.baseUrl}/greeting?g=${'0'.repeat(64)}`)).status).toBe(404);
  expect((await fetchBytes(`${server.baseUrl}/greeting?g=../console-config`)).status).toBe(404);
  expect((await fetchBytes(`${server.baseUrl}/greeting`)).status).toBe(404);
});

test.each([
  ['text that is not audio', Buffer.from('not a recording at all').toString('base64'), 400, /not an MP3 or WAV/],
  ['a recording under half a second', toneWav(0.25).toString('base64'), 400, /at least/],
  ['nothing', '', 400, /Choose an MP3 or WAV/],
  ['base64 broken in transit', `${toneWav(1).toString('base64').slice(0, 400)}%%%`, 400, /did not arrive whole/],
  ['a file over the limit (the request itself is refused first)', 'A'.repeat(GREETING_MAX_BASE64 + 4), 413, /over 700 KB/],
])('refuses %s with what to do, and keeps nothing', async (_title, audio, status, message) => {
  const alice = await signedIn(ACME_ADMIN);
  const before = storedGreetings();
  const answer = await alice.call('console-greetings', { workspace: 'acme', action: 'upload', audio });
  expect(answer.status).toBe(status);
  expect(answer.body.error).toMatch(message);
  expect(storedGreetings()).toEqual(before);
});

test("a user, another workspace's admin, and a request not from the console page may not upload", async () => {
  const audio = toneWav(1, 330).toString('base64');
  const before = storedGreetings();
  const dan = await signedIn(ACME_USER);
  expect((await dan.call('console-greetings', { workspace: 'acme', action: 'upload', audio })).status).toBe(403);
  const erin = await signedIn(BIRCH_ADMIN);
  expect((await erin.call('console-greetings', { workspace: 'acme', action: 'upload', audio })).status).toBe(403);
  const alice = await signedIn(ACME_ADMIN);
  expect((await alice.call('console-greetings', { workspace: 'acme', action: 'upload', audio }, { header: false })).status).toBe(403);
  expect((await client().call('console-greetings', { workspace: 'acme', action: 'upload', audio })).status).toBe(401);
  expect(storedGreetings()).toEqual(before);
  // The same upload from the page of an admin of acme is kept.
  expect((await alice.call('console-greetings', { workspace: 'acme', action: 'upload', audio })).status).toBe(200);
  expect(storedGreetings().length).toBeGreaterThan(before.length);
});

test('call me to record: a call from the workspace number that records; the recording becomes a signed link that plays', async () => {
  const alice = await signedIn(ACME_ADMIN);
  expect((await alice.call('console-greetings', { workspace: 'acme', action: 'call-me', to: '555 0100' })).body.error).toMatch(
    /Type the phone number/,
  );
  const placed = await alice.call('console-greetings', { workspace: 'acme', action: 'call-me', to: ACME_ADMIN });
  expect(placed).toMatchObject({ status: 200, body: { status: 'calling' } });
  const callSid = placed.body.callSid as string;
  const call = api.double.api.calls.find((candidate) => candidate.sid === callSid)!;
  expect(call).toMatchObject({ to: ACME_ADMIN, from: '+15550100100' });
  expect(call.twiml).toContain('<Say>After the tone, say your greeting.');
  expect(call.twiml).toMatch(/<\/Say><Record [^>]*maxLength="180"/);
  expect(call.twiml).toContain('finishOnKey="#"');

  expect((await alice.call('console-greetings', { workspace: 'acme', action: 'recorded', callSid })).body).toEqual({ status: 'waiting' });
  // Another workspace's admin cannot see it.
  const erin = await signedIn(BIRCH_ADMIN);
  expect((await erin.call('console-greetings', { workspace: 'birch', action: 'recorded', callSid })).status).toBe(404);

  const { recording } = api.double.api.addRecording(callSid, Date.now(), { durationSeconds: 7 });
  const recorded = await alice.call('console-greetings', { workspace: 'acme', action: 'recorded', callSid });
  expect(recorded).toMatchObject({ status: 200, body: { status: 'recorded', seconds: 7 } });
  const link = recorded.body.url as string;
  expect(link).toMatch(/^http:\/\/localhost:\d+\/recording\?t=RE[0-9a-f]{32}\./);
  const played = await fetchBytes(link);
  expect(played.status).toBe(200);
  expect(played.body.toString('latin1')).toContain(recording.sid);
});

test('served by npm start without a Twilio account, a valid voicemail link plays a real sample; a forged one still gets 403', async () => {
  const local = await startFunctions({ ACCOUNT_SID: '', AUTH_TOKEN: '', RECORDING_LINK_SECRET: TEST_AUTH_TOKEN });
  try {
    const token = recordingToken(TEST_AUTH_TOKEN, `RE${'a'.repeat(32)}`, new Date(Date.now() + 3600_000));
    const played = await fetchBytes(`${local.baseUrl}/recording?t=${token}`);
    expect(played).toMatchObject({ status: 200, type: 'audio/wav' });
    expect(checkGreetingAudio(played.body)).toMatchObject({ ok: true, audio: { format: 'wav', seconds: 2 } });
    const forged = await fetchBytes(`${local.baseUrl}/recording?t=${token.slice(0, -2)}xx`);
    expect(forged.status).toBe(403);
  } finally {
    await local.stop();
  }
});
