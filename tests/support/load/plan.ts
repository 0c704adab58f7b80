// The load's plan, before anything runs: which calls arrive when, to which workspace and line, from whom, and how
// each one ends (answered on a phone after the whisper, answered on the app, or missed with a voicemail), with
// the seconds a real call spends ringing, talking or leaving a message. Deterministic: arrivals are evenly
// spaced (a steady rate, not bursts), the durations come from a seeded generator. Pure: no I/O.
import { seededRandom } from '../../../scripts/bench/random';

export interface LoadMix {
  /** Calls arriving per simulated second across the deployment. */
  callsPerSecond: number;
  /** Workspaces the calls go to (the first is the busy one). */
  workspaces: number;
  /** Of `callsPerSecond`, the calls per second of the busy workspace; the rest share the others evenly. */
  busyWorkspaceCallsPerSecond: number;
  /** How long calls keep arriving, in simulated seconds. */
  seconds: number;
  /** The share of each workspace's calls that are answered (the rest are missed). */
  answeredShare: number;
  /** The simulated clock's step: every request of one instant runs concurrently. */
  tickMs: number;
  seed: number;
}

/** The target: 100 calls per second across 50 workspaces, one of which takes 20. */
export const TARGET_MIX: Omit<LoadMix, 'seconds'> = {
  callsPerSecond: 100,
  workspaces: 50,
  busyWorkspaceCallsPerSecond: 20,
  answeredShare: 0.5,
  tickMs: 100,
  seed: 20261123,
};

/** How a call ends, as the people on it decide (the functions must agree). */
export type PlannedOutcome = 'answered-phone' | 'answered-app' | 'missed';

export interface PlannedCall {
  /** Unique within the plan, in arrival order. */
  index: number;
  callSid: string;
  /** Simulated ms after the load's start. */
  at: number;
  workspace: string;
  /** The number called. */
  to: string;
  /** The caller: a different number for every call, so each missed call is owed exactly one text. */
  from: string;
  outcome: PlannedOutcome;
  /** Seconds the legs ring before the answering one picks up (answered calls). */
  ringSeconds: number;
  /** Seconds the whisper plays before the key press (a phone leg with call connect). */
  whisperSeconds: number;
  /** Seconds of conversation after the bridge (answered calls). */
  talkSeconds: number;
  /** Seconds of greeting and message before the recording ends (missed calls). */
  messageSeconds: number;
  /** The caller's answers at the prompts, in order (a call to the menu line presses 1). */
  presses: string[];
  /** Which of the call's <Dial>s the answering leg picks up in (0: the first; the tiers line answers in its second). */
  answerInDial: number;
}

/** The seconds each part of a call takes, drawn evenly from these ranges (inclusive): short business calls. */
export const DURATIONS = {
  /** Legs ringing before one picks up. */
  ring: [2, 8],
  /** The whisper before the key press. */
  whisper: [3, 3],
  /** The conversation. */
  talk: [15, 45],
  /** The greeting and the caller's message. */
  message: [8, 30],
  /** From the end of a recorded call to the recording's status callback. */
  recordingReady: [2, 2],
  /** The phone menu's greeting before the caller presses a key. */
  menu: [3, 3],
  /** The tiers line's first tier (one user, ringSecondsEach), rung out before the second answers. */
  firstTier: [10, 10],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * The longest a call goes on, from its first request to its last (answered: ringing, whisper, talk, recording; missed:
 * the dial's timeout and the message). Only after this long are calls in every stage at once: the steady state, in
 * which each object takes its full rate.
 */
export function longestCallSeconds(ringTimeoutSeconds: number): number {
  const { ring, whisper, talk, message, recordingReady, menu, firstTier } = DURATIONS;
  const answered = Math.max(
    ring[1] + whisper[1] + talk[1] + recordingReady[1],
    firstTier[1] + ring[1] + talk[1],
    menu[1] + ring[1] + talk[1],
  );
  return Math.max(answered, menu[1] + ringTimeoutSeconds + message[1]);
}

/**
 * The lines every workspace has: one with call connect and recording (its assigned user), one ring group, one ringing
 * its users one at a time (tiers), and one behind a phone menu (issue 20).
 */
export const LINES = ['connect', 'group', 'tiers', 'menu'] as const;
export type LineKind = (typeof LINES)[number];

/** Every workspace's id, the busy one first. */
export function workspaceIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `ws${String(i + 1).padStart(2, '0')}`);
}

const digits = (value: number, width: number) => String(value).padStart(width, '0');
const workspaceNumber = (workspace: string) => Number(workspace.slice(2)) - 1;

/** A workspace's line: +1555 1 <workspace> 00 <line>. */
export function lineNumber(workspace: string, line: LineKind): string {
  return `+15551${digits(workspaceNumber(workspace), 2)}00${digits(LINES.indexOf(line), 2)}`;
}

/** A workspace user's phone: +1555 3 <workspace> 00 <user>. */
export function userPhone(workspace: string, user: number): string {
  return `+15553${digits(workspaceNumber(workspace), 2)}00${digits(user, 2)}`;
}

/** The n-th caller of a workspace: +1555 2 <workspace> <n>, distinct for every call of the plan. */
export function callerNumber(workspace: string, n: number): string {
  if (n >= 10_000) throw new RangeError(`a workspace takes at most 10,000 calls in one plan, got call ${n}`);
  return `+15552${digits(workspaceNumber(workspace), 2)}${digits(n, 4)}`;
}

/** A valid CallSid made from a label, so a run can be read back by call. */
export function planCallSid(index: number, seed: number): string {
  return `CA${digits(seed % 1e8, 8)}${digits(index, 24)}`;
}

/** Calls arriving in the busy workspace and in each of the others, per tick, as a steady stream. */
function arrivalsPerTick(mix: LoadMix): { busy: number; others: number } {
  const ticksPerSecond = 1000 / mix.tickMs;
  const busy = mix.busyWorkspaceCallsPerSecond / ticksPerSecond;
  const others = (mix.callsPerSecond - mix.busyWorkspaceCallsPerSecond) / ticksPerSecond;
  if (!Number.isInteger(ticksPerSecond)) throw new RangeError(`tickMs must divide a second, got ${mix.tickMs}`);
  return { busy, others };
}

/**
 * Every call of the load, in arrival order. The busy workspace gets its share in every tick; the others take
 * theirs in turn (round robin), so each of them sees a steady trickle too. In each workspace, calls take its lines
 * in turn, four at a time (so that every outcome comes on every line); the answered share is spread evenly (a
 * running count, not a coin), half of the answered calls picked up on a phone, half on the app.
 */
export function planCalls(mix: LoadMix): PlannedCall[] {
  const ids = workspaceIds(mix.workspaces);
  const [busyId, ...others] = ids as [string, ...string[]];
  const perTick = arrivalsPerTick(mix);
  const random = seededRandom(mix.seed);
  const between = ([low, high]: readonly [number, number]) => low + random.int(high - low + 1);
  const perWorkspace = new Map<string, { calls: number; answered: number; answeredPhone: number }>(
    ids.map((id) => [id, { calls: 0, answered: 0, answeredPhone: 0 }]),
  );
  const calls: PlannedCall[] = [];
  const ticks = Math.round((mix.seconds * 1000) / mix.tickMs);
  let busyDue = 0;
  let othersDue = 0;
  let nextOther = 0;
  const add = (workspace: string, at: number) => {
    const counts = perWorkspace.get(workspace)!;
    const n = counts.calls;
    counts.calls += 1;
    const answered = Math.floor(counts.calls * mix.answeredShare) > counts.answered;
    if (answered) counts.answered += 1;
    const onPhone = answered && Math.ceil(counts.answered / 2) > counts.answeredPhone;
    if (onPhone) counts.answeredPhone += 1;
    const index = calls.length;
    const line = LINES[Math.floor(n / 4) % LINES.length]!;
    calls.push({
      index,
      callSid: planCallSid(index, mix.seed),
      at,
      workspace,
      to: lineNumber(workspace, line),
      from: callerNumber(workspace, n),
      outcome: !answered ? 'missed' : onPhone ? 'answered-phone' : 'answered-app',
      ringSeconds: between(DURATIONS.ring),
      whisperSeconds: between(DURATIONS.whisper),
      talkSeconds: between(DURATIONS.talk),
      messageSeconds: between(DURATIONS.message),
      presses: line === 'menu' ? ['1'] : [],
      answerInDial: line === 'tiers' ? 1 : 0,
    });
  };
  for (let tick = 0; tick < ticks; tick += 1) {
    const at = tick * mix.tickMs;
    busyDue += perTick.busy;
    othersDue += perTick.others;
    for (; busyDue >= 1 - 1e-9; busyDue -= 1) add(busyId, at);
    for (; othersDue >= 1 - 1e-9; othersDue -= 1) {
      add(others[nextOther % others.length]!, at);
      nextOther += 1;
    }
  }
  return calls;
}

/** How many calls of each outcome the plan holds. */
export function plannedCounts(calls: readonly PlannedCall[]): Record<PlannedOutcome, number> {
  const counts: Record<PlannedOutcome, number> = { 'answered-phone': 0, 'answered-app': 0, missed: 0 };
  for (const call of calls) counts[call.outcome] += 1;
  return counts;
}
