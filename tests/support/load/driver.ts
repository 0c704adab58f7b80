// The discrete-event driver: sends every planned call's webhook requests at their simulated instants. Time
// moves in ticks; at each tick the API double's clock is frozen at that instant (so its TTLs and rate limits
// see simulated time) and every request due then runs concurrently, each carrying the instant as SimulatedAt
// (the functions' "now"); the next tick starts when they have all been answered. What each answer leads to
// (the next request of its call, following the TwiML) is scheduled at a later tick.
import type { TwilioApiDouble } from '../twilio-api/index';
import { verbsOf } from '../twiml';
import { callRequests, twimlOrNull, type CallRequest, type CallTrace, type StepName } from './call-script';
import type { PlannedCall } from './plan';

/** Sends one webhook request as Twilio would (signed) and returns the answer. */
export type SendWebhook = (url: string, params: Record<string, string>) => Promise<{ status: number; body: string }>;

/** One request the driver sent and what came back. */
export interface Exchange {
  call: PlannedCall;
  step: StepName;
  /** Simulated ms after the load's start. */
  at: number;
  status: number;
  /** The verbs of the TwiML answered, in order; null when the answer was not TwiML. */
  verbs: string[] | null;
}

export interface DriverOptions {
  /** The instant the load starts (ms since the epoch), e.g. a weekday morning. */
  startAt: number;
  tickMs: number;
  double: Pick<TwilioApiDouble, 'clock'>;
  send: SendWebhook;
}

export interface LoadRun {
  exchanges: Exchange[];
  traces: Map<string, CallTrace>;
  /** Simulated ms from the start to the last request. */
  simulatedMs: number;
  /** Wall-clock ms the whole run took, and the slowest tick's. */
  wallMs: number;
  slowestTickMs: number;
}

interface Due {
  call: PlannedCall;
  request: CallRequest;
}

/** Runs every planned call to its end. The double's clock is left frozen at the last instant. */
export async function driveLoad(calls: readonly PlannedCall[], options: DriverOptions): Promise<LoadRun> {
  const { tickMs, double, send } = options;
  const buckets: Due[][] = [];
  const schedule = (tick: number, due: Due) => (buckets[tick] ??= []).push(due);
  const traces = new Map<string, CallTrace>();
  for (const call of calls) {
    const trace: CallTrace = {};
    traces.set(call.callSid, trace);
    schedule(Math.round(call.at / tickMs), { call, request: callRequests(call, trace) });
  }

  const exchanges: Exchange[] = [];
  const started = Date.now();
  let slowestTickMs = 0;
  let lastTick = 0;
  for (let tick = 0; tick < buckets.length; tick += 1) {
    const due = buckets[tick];
    if (!due) continue;
    lastTick = tick;
    const at = tick * tickMs;
    const instant = options.startAt + at;
    double.clock.freeze(instant);
    const tickStarted = Date.now();
    const answered = await Promise.all(
      due.map(async ({ call, request }) => {
        const answer = await send(request.url, { ...request.params, SimulatedAt: new Date(instant).toISOString() });
        const twiml = answer.status === 200 ? twimlOrNull(answer.body) : null;
        const exchange: Exchange = { call, step: request.step, at, status: answer.status, verbs: twiml ? verbsOf(twiml) : null };
        return { exchange, next: twiml ? request.next(twiml) : [] };
      }),
    );
    // In the order they were due, whichever answered first: the record and what follows do not depend on timing.
    for (const [i, { exchange, next }] of answered.entries()) {
      exchanges.push(exchange);
      // Whatever follows comes at a later instant, never in the tick that is running.
      for (const request of next) schedule(tick + Math.max(1, Math.round(request.afterMs / tickMs)), { call: due[i]!.call, request });
    }
    slowestTickMs = Math.max(slowestTickMs, Date.now() - tickStarted);
  }
  return { exchanges, traces, simulatedMs: lastTick * tickMs, wallMs: Date.now() - started, slowestTickMs };
}
