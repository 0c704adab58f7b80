// The circuit breaker in front of Sync. One per gateway, so everything a function asks of Sync (its
// configuration source and its state store both go through the gateway) shares it, and one request's
// time budget is its scope too:
// - Within one request (one step of a call), once a kind of Sync object (documents, or maps) has hung (a
//   deadline met), the rest of that request asks that kind no more: the step answers at once with what it
//   has. (A fast failure, a 500 or a 429, costs no time: the request's next question may well be answered.
//   And configuration documents hanging says little about the maps the call log is written to.)
// - Across the requests of a process, a deadline met or three failures in a row open the breaker:
//   while it is open, one request at a time may ask (the probe); the others fail at once. The first
//   answer closes it, so a recovered Sync is used again by the very next request.
import type { SyncFailure } from './gateway';

/** Failures in a row, across requests, that open the breaker (a deadline met opens it at once). */
export const FAILURES_TO_OPEN = 3;

/** What a request asks of Sync: its documents (configuration) or its maps (contacts, runtime state). */
export type SyncTarget = 'documents' | 'maps';

export interface Admission {
  readonly probe: boolean;
  readonly scope: object | undefined;
  readonly target: SyncTarget;
}

export type AdmissionResult = { admitted: true; admission: Admission } | { admitted: false; reason: string };

export class SyncBreaker {
  private consecutiveFailures = 0;
  private open = false;
  private probing = false;
  /** The requests still running that met a deadline, and on what (their budget is the key; forgotten with it). */
  private readonly hungScopes = new WeakMap<object, Set<SyncTarget>>();

  get state(): 'closed' | 'open' {
    return this.open ? 'open' : 'closed';
  }

  /** May a request ask Sync now? `scope` is the request's budget (none for the command-line tools). */
  admit(scope: object | undefined, target: SyncTarget = 'maps'): AdmissionResult {
    if (scope && this.hungScopes.get(scope)?.has(target))
      return { admitted: false, reason: `not asked: Sync's ${target} already hung during this request` };
    if (!this.open) return { admitted: true, admission: { probe: false, scope, target } };
    if (this.probing)
      return { admitted: false, reason: 'not asked: Sync is failing, and another request is already checking whether it is back' };
    this.probing = true;
    return { admitted: true, admission: { probe: true, scope, target } };
  }

  /** Sync answered (whatever it said): it is there. */
  succeeded(admission: Admission): void {
    if (admission.probe) this.probing = false;
    this.consecutiveFailures = 0;
    this.open = false;
  }

  /** Sync could not answer: timed out, rate-limited, 5xx, or the connection failed. */
  failed(admission: Admission, failure: SyncFailure): void {
    if (admission.probe) this.probing = false;
    this.consecutiveFailures += 1;
    if (failure === 'timeout' || this.consecutiveFailures >= FAILURES_TO_OPEN) this.open = true;
    if (admission.scope && failure === 'timeout') {
      const hung = this.hungScopes.get(admission.scope) ?? new Set<SyncTarget>();
      hung.add(admission.target);
      this.hungScopes.set(admission.scope, hung);
    }
  }
}
