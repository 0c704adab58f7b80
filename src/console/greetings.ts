// Greetings you can hear (issue 21): an admin uploads an MP3 or WAV (or one recorded in the browser, sent as WAV),
// checked from its own bytes (greeting-audio.ts) and kept in the state store, served to <Play> and to the console's
// player by the public `greeting` function under a content-addressed link; or asks to be called and records one by
// phone, kept as the account's recording and played through the signed `recording` function. Why the state store
// (Sync deployed, files locally) and not the service's assets: docs/console.md, "Greetings".
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { E164_PATTERN } from '../config/schema';
import { isRecordingSid, recordingLink, recordingLinkSecret } from '../notify/recording-link';
import { twilioClientFrom } from '../runtime/services';
import type { StateStore } from '../state/store';
import { canWrite } from './access';
import { checkGreetingAudio, GREETING_MAX_BASE64, GREETING_MAX_BYTES, GREETING_MAX_SECONDS, sampleChimeWav } from './greeting-audio';
import { refuse, type ConsoleAction, type ConsoleReply, type ConsoleRequest } from './handler';
import { consoleStore, readWorkspace } from './settings';

export const GREETING_PATH = '/greeting';
/** Each greeting's facts (workspace, type, length, how many chunks), by its id. */
export const GREETINGS_MAP = 'greetings';
/** The map holding one greeting's audio, in chunks a Sync item can hold (16 KiB of JSON each). */
export const greetingChunksMap = (id: string) => `greeting-${id.slice(0, 32)}`;
/** Calls placed by "call me to record", by call SID: which workspace asked (a day). */
export const GREETING_CALLS_MAP = 'greeting-calls';
const CHUNK_BYTES = 11 * 1024;
const WRITES_AT_ONCE = 2;
/** A phone-recorded greeting's link lasts as long as a greeting does. */
const PHONE_GREETING_LINK_SECONDS = 10 * 365 * 24 * 3600;
/** The greeting the local player plays before any is uploaded: a real, generated WAV. */
export const SAMPLE_GREETING_ID = 'sample';

export class GreetingStoreError extends Error {
  override name = 'GreetingStoreError';
}

export interface StoredGreeting {
  contentType: string;
  body: Buffer;
}

/** A content-addressed id: the same audio uploaded twice is stored once. */
export const greetingId = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const GREETING_ID = /^[0-9a-f]{64}$/;

export const greetingLink = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, '')}${GREETING_PATH}?g=${id}`;

/** Keeps an audio greeting: its facts in GREETINGS_MAP, its bytes in chunks (one list of them serves it). */
export async function storeGreeting(state: StateStore, workspace: string, bytes: Buffer, facts: { contentType: string; seconds: number }) {
  const id = greetingId(bytes);
  if (await state.get(GREETINGS_MAP, id)) return id;
  const map = greetingChunksMap(id);
  const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
  const put = (index: number) =>
    state.put(map, String(index).padStart(3, '0'), {
      b: bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).toString('base64'),
    });
  // Two writes at a time: the largest greeting's 64 pieces in about 3 s, within Sync's writes a second on one map
  // and well inside a Function's 10 s.
  for (let index = 0; index < chunks; index += WRITES_AT_ONCE)
    await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, chunks - index) }, (_, offset) => put(index + offset)));
  // Written last: a greeting is served only once every chunk is in.
  await state.put(GREETINGS_MAP, id, { workspace, contentType: facts.contentType, seconds: facts.seconds, bytes: bytes.length, chunks });
  return id;
}

/** The audio of a stored greeting (two reads: its facts, then its chunks), or null when there is none. */
export async function readGreeting(state: StateStore, id: string): Promise<StoredGreeting | null> {
  if (id === SAMPLE_GREETING_ID) return { contentType: 'audio/wav', body: sampleGreeting() };
  if (!GREETING_ID.test(id)) return null;
  const facts = await state.get(GREETINGS_MAP, id);
  if (!facts) return null;
  const items = (await state.list(greetingChunksMap(id))).sort((a, b) => a.key.localeCompare(b.key));
  if (items.length !== Number(facts.chunks))
    throw new GreetingStoreError(`greeting ${id} has ${items.length} of its ${facts.chunks} parts`);
  const body = Buffer.concat(items.map((item) => Buffer.from(String(item.data.b), 'base64')));
  return { contentType: String(facts.contentType), body };
}

export const sampleGreeting = sampleChimeWav;

/** The functions' own base URL, as the greeting links name it. */
const baseUrlOf = (request: ConsoleRequest) => `${request.local ? 'http' : 'https'}://${request.domain}`;

async function adminWorkspace(request: ConsoleRequest) {
  const { store } = consoleStore(request.env, request.services, request.assets);
  const snapshot = await readWorkspace(store, request.params.workspace!);
  return snapshot && canWrite(request.confirm(snapshot.workspace)) ? snapshot.workspace : null;
}

const NOT_ADMIN = 'Only an admin of this workspace can change its greetings.';

async function upload(request: ConsoleRequest): Promise<ConsoleReply> {
  const text = (request.params.audio ?? '').replace(/\s+/g, '');
  if (!text) return refuse(400, 'Choose an MP3 or WAV file, or record one, first.');
  if (text.length > GREETING_MAX_BASE64)
    return refuse(
      413,
      `The file is over ${Math.round(GREETING_MAX_BYTES / 1024)} KB, the most a greeting can be. Save it as a mono MP3 or record a shorter one.`,
    );
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return refuse(400, 'The file did not arrive whole; choose it again.');
  const checked = checkGreetingAudio(Buffer.from(text, 'base64'));
  if (!checked.ok) return refuse(400, checked.error);
  const workspace = await adminWorkspace(request);
  if (!workspace) return refuse(403, NOT_ADMIN);
  const bytes = Buffer.from(text, 'base64');
  const id = await storeGreeting(request.services.state, workspace.id, bytes, checked.audio);
  request.log.info(`greeting ${id.slice(0, 12)} stored for ${workspace.id} (${checked.audio.format}, ${checked.audio.seconds} s)`);
  return { json: { url: greetingLink(baseUrlOf(request), id), ...checked.audio } };
}

const RECORD_PROMPT = 'After the tone, say your greeting. Press the pound key when you are done.';

async function callMe(request: ConsoleRequest): Promise<ConsoleReply> {
  const { env, params } = request;
  if (!env.ACCOUNT_SID || !env.AUTH_TOKEN)
    return refuse(
      503,
      'Calling you to record needs a Twilio account (ACCOUNT_SID and AUTH_TOKEN are not set here). Record with the microphone or upload a file instead.',
    );
  const to = params.to ?? '';
  if (!E164_PATTERN.test(to)) return refuse(400, 'Type the phone number to call, for example +1 555 010 0100.');
  const workspace = await adminWorkspace(request);
  if (!workspace) return refuse(403, NOT_ADMIN);
  const from = workspace.numbers.find((number) => number.status === 'active')?.number;
  if (!from) return refuse(409, 'This workspace has no active phone number to call you from. Add one on the Numbers page.');
  const response = new twilio.twiml.VoiceResponse();
  response.say(RECORD_PROMPT);
  response.record({ maxLength: GREETING_MAX_SECONDS, finishOnKey: '#', playBeep: true, trim: 'trim-silence' });
  const call = await twilioClientFrom(env, 'Call me to record', 10_000).calls.create({ to, from, twiml: response.toString() });
  await request.services.state.put(GREETING_CALLS_MAP, call.sid, { workspace: workspace.id }, 24 * 3600);
  request.log.info(`calling an admin of ${workspace.id} to record a greeting (${call.sid})`);
  return { json: { callSid: call.sid, status: 'calling' } };
}

async function recordedByPhone(request: ConsoleRequest): Promise<ConsoleReply> {
  const { env, params } = request;
  const callSid = params.callSid ?? '';
  const workspace = await adminWorkspace(request);
  if (!workspace) return refuse(403, NOT_ADMIN);
  const placed = /^CA[0-9a-f]{32}$/.test(callSid) ? await request.services.state.get(GREETING_CALLS_MAP, callSid) : null;
  // A call another workspace placed is not this one's to see.
  if (!placed || placed.workspace !== workspace.id) return refuse(404, 'That call was not placed to record a greeting of this workspace.');
  const secret = recordingLinkSecret(env);
  if (!env.ACCOUNT_SID || !env.AUTH_TOKEN || !secret) return refuse(503, 'Calling you to record needs a Twilio account.');
  const recordings = await twilioClientFrom(env, 'Call me to record', 10_000).calls(callSid).recordings.list({ limit: 20 });
  const done = recordings.find((recording) => recording.status === 'completed' && isRecordingSid(recording.sid));
  if (!done) return { json: { status: recordings.length ? 'processing' : 'waiting' } };
  const url = recordingLink(baseUrlOf(request), secret, done.sid, request.now, PHONE_GREETING_LINK_SECONDS);
  return { json: { status: 'recorded', url, seconds: Number(done.duration ?? 0) } };
}

/** console-greetings: `action` upload (audio: base64 MP3/WAV), call-me (to: E.164), recorded (callSid). Admins only. */
export const greetingsAction: ConsoleAction = async (request) => {
  switch (request.params.action) {
    case 'upload':
      return upload(request);
    case 'call-me':
      return callMe(request);
    case 'recorded':
      return recordedByPhone(request);
    default:
      return refuse(400, 'Unknown greeting action: upload, call-me or recorded.');
  }
};
