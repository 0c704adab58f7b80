// Section 2: incoming-call served by twilio-run, warm, beside the trivial function in the same server.
// Requests are signed as Twilio signs them, sent one at a time, and interleaved (the order flips every
// round) so both functions see the same machine at the same moment. Latency is from sending the request
// to having read the whole answer.
import { randomBytes } from 'node:crypto';
import { PATHS } from '../../src/flows/urls';
import { signedPost } from '../../src/simulator/signed-post';
import { TRIVIAL_FUNCTION } from './functions-folder';
import { BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN, type ServedMode } from './served-modes';
import { elapsedMs, ratio, round, spread, type Spread } from './stats';

/** A sample-config call that dials: Dana (a contact assigned to bob) calls the main line, Monday 10:00 in New York. */
export const LATENCY_CALL = { From: '+15550100200', To: '+15550100100', SimulatedAt: '2026-11-23T15:00:00Z' };

export interface LatencyResult {
  mode: ServedMode['id'];
  label: string;
  args: string[];
  samples: number;
  incomingCallMs: Spread;
  trivialMs: Spread;
  ratio: { p50: number; p99: number };
}

/**
 * Each request a week after the one before, still a Monday at 10:00 in New York: the same route every time,
 * but a minute of its own, so the abuse guard (10 calls a minute from one caller) counts it and lets it ring.
 */
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
let requestsSent = 0;
const nextInstant = () => new Date(Date.parse(LATENCY_CALL.SimulatedAt) + WEEK_MS * requestsSent++).toISOString();

async function timedPost(url: string): Promise<{ ms: number; status: number; body: string }> {
  const params = {
    ...LATENCY_CALL,
    SimulatedAt: nextInstant(),
    AccountSid: BENCH_ACCOUNT_SID,
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    Called: LATENCY_CALL.To,
    Caller: LATENCY_CALL.From,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  const init = signedPost(BENCH_AUTH_TOKEN, url, params);
  const started = process.hrtime.bigint();
  const response = await fetch(url, init);
  const body = await response.text();
  return { ms: elapsedMs(started), status: response.status, body };
}

/** One request to each; fails the benchmark unless both answer 200 with a <Dial>. */
async function roundOf(urls: { ours: string; trivial: string }, oursFirst: boolean): Promise<{ ours: number; trivial: number }> {
  const order = oursFirst ? (['ours', 'trivial'] as const) : (['trivial', 'ours'] as const);
  const times = { ours: 0, trivial: 0 };
  for (const which of order) {
    const answer = await timedPost(urls[which]);
    if (answer.status !== 200 || !answer.body.includes('<Dial'))
      throw new Error(`${urls[which]} answered ${answer.status} without a <Dial>: ${answer.body.slice(0, 300)}`);
    times[which] = answer.ms;
  }
  return times;
}

const roundSpread = (value: Spread): Spread => ({ samples: value.samples, p50: round(value.p50), p99: round(value.p99) });

export async function benchWebhookLatency(baseUrl: string, mode: ServedMode): Promise<LatencyResult> {
  const urls = { ours: `${baseUrl}${PATHS.incomingCall}`, trivial: `${baseUrl}/${TRIVIAL_FUNCTION}` };
  for (let index = 0; index < mode.warmup; index += 1) await roundOf(urls, index % 2 === 0);
  const ours: number[] = [];
  const trivial: number[] = [];
  for (let index = 0; index < mode.samples; index += 1) {
    const times = await roundOf(urls, index % 2 === 0);
    ours.push(times.ours);
    trivial.push(times.trivial);
  }
  const oursSpread = roundSpread(spread(ours));
  const trivialSpread = roundSpread(spread(trivial));
  return {
    mode: mode.id,
    label: mode.label,
    args: mode.args,
    samples: mode.samples,
    incomingCallMs: oursSpread,
    trivialMs: trivialSpread,
    ratio: { p50: ratio(oursSpread.p50, trivialSpread.p50), p99: ratio(oursSpread.p99, trivialSpread.p99) },
  };
}
