// The call log: for each call, what each step of it found, kept in the state store (Sync Map `calls`
// in production, local files otherwise) for CALL_LOG_TTL_DAYS. Each step writes its own item
// (`<CallSid>:<step>`), so steps never overwrite each other and a step that fails loses nothing of the
// others. Writing never breaks a call: a failed write is logged and the call goes on.
import type { StepLog } from '../log/step-log';
import type { JsonObject, StateStore } from '../state/store';

export const CALL_LOG_MAP = 'calls';
export const CALL_LOG_TTL_DAYS = 14;
const TTL_SECONDS = CALL_LOG_TTL_DAYS * 24 * 60 * 60;

export const CALL_STEPS = ['route', 'answer', 'accept', 'dial', 'voicemail', 'recording', 'textback', 'fault'] as const;
export type CallStep = (typeof CALL_STEPS)[number];

export interface RouteEntry {
  at: string;
  to: string;
  from: string;
  workspace: string | null;
  rule: string;
  action: string;
  legs: string[];
  callerId: string | null;
  reason: string;
  /** Faults worked around while routing (a stale configuration served while Sync failed). */
  warnings?: string[];
}

export interface LegEntry {
  at: string;
  /** `number:+1555...` or `client:<identity>`. */
  leg: string;
}

export interface DialEntry {
  at: string;
  outcome: 'answered' | 'missed';
  dialStatus: string;
  bridged: boolean;
  answeredBy: string | null;
  reason: string;
}

export interface RecordingEntry {
  at: string;
  recordingUrl: string | null;
  durationSeconds: number | null;
}

export type CallOutcome = 'answered' | 'missed' | 'rejected' | 'in-progress';

export interface CallRecord {
  callSid: string;
  outcome: CallOutcome;
  route?: RouteEntry;
  answer?: LegEntry;
  accept?: LegEntry;
  dial?: DialEntry;
  voicemail?: RecordingEntry;
  recording?: RecordingEntry;
  textback?: JsonObject;
  /** A step that failed and answered with its fallback: which step, the error, and what the caller got. */
  fault?: JsonObject;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

export function isCallSid(value: string | undefined): value is string {
  return typeof value === 'string' && CALL_SID.test(value);
}

export function callOutcome(record: Omit<CallRecord, 'outcome'>): CallOutcome {
  if (record.route?.action === 'reject') return 'rejected';
  if (record.dial) return record.dial.outcome;
  if (record.route && record.route.action !== 'dial') return 'missed';
  return 'in-progress';
}

export class CallLog {
  constructor(
    private readonly store: StateStore,
    private readonly log: StepLog,
  ) {}

  /** Records one step of a call; false (and a log line) when it could not be written. */
  async write(callSid: string | undefined, step: CallStep, entry: object): Promise<boolean> {
    if (!isCallSid(callSid)) {
      this.log.warn(`call log: not recording ${step}, the request has no valid CallSid`);
      return false;
    }
    try {
      await this.store.put(CALL_LOG_MAP, `${callSid}:${step}`, entry as JsonObject, TTL_SECONDS);
      return true;
    } catch (error) {
      this.log.error(`call log: could not record ${step}; the call goes on`, error);
      return false;
    }
  }

  /** Records a step only if it is not recorded yet (the first key press, the first leg to answer). */
  async writeFirst(callSid: string | undefined, step: CallStep, entry: object): Promise<'written' | 'exists' | 'failed'> {
    if (!isCallSid(callSid)) {
      this.log.warn(`call log: not recording ${step}, the request has no valid CallSid`);
      return 'failed';
    }
    try {
      return (await this.store.create(CALL_LOG_MAP, `${callSid}:${step}`, entry as JsonObject, TTL_SECONDS)) ? 'written' : 'exists';
    } catch (error) {
      this.log.error(`call log: could not record ${step}; the call goes on`, error);
      return 'failed';
    }
  }

  /** One step's entry, or null (also when it cannot be read: the caller decides what that means). */
  async readStep<T extends object>(callSid: string | undefined, step: CallStep): Promise<T | null> {
    if (!isCallSid(callSid)) return null;
    try {
      return (await this.store.get(CALL_LOG_MAP, `${callSid}:${step}`)) as T | null;
    } catch (error) {
      this.log.error(`call log: could not read ${step}`, error);
      return null;
    }
  }

  /** Everything recorded about a call, or null when nothing is. */
  async read(callSid: string): Promise<CallRecord | null> {
    const entries: Record<string, object> = {};
    for (const step of CALL_STEPS) {
      const entry = await this.readStep(callSid, step);
      if (entry) entries[step] = entry;
    }
    if (Object.keys(entries).length === 0) return null;
    const record = { callSid, ...entries } as Omit<CallRecord, 'outcome'>;
    return { ...record, outcome: callOutcome(record) };
  }
}
