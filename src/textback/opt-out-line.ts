// The opt-out line: the first text a caller ever gets from a workspace (the text-back, or a staff answer) ends with
// "Reply STOP to opt out" unless it already says how (src/textback/keywords `saysHowToOptOut`), as carriers expect
// of a first message; `textBack.optOutLine` (on by default) turns it off. Who has had it is kept in the phone's own
// item of the workspace's `optout` shard (./opt-out `standing`, `markTold`), with no expiry like opt-outs, so the
// read that asks "opted out?" answers "told?" too, and the mark is one create after the first text went.
// A text whose send fails leaves the next one to carry the line, and a store that cannot be read adds the line (a
// second line is harmless, a missing one is not).
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';
import { saysHowToOptOut } from './keywords';
import { MAX_SMS_BODY } from './messenger';
import { OptOuts } from './opt-out';

export const OPT_OUT_LINE = 'Reply STOP to opt out.';

/** `body` ending with the opt-out line, unless it already says how to opt out (or the line would not fit). */
export function withOptOutLine(body: string): string {
  if (saysHowToOptOut(body)) return body;
  const lined = `${body.trimEnd()}\n${OPT_OUT_LINE}`;
  // A line that would not fit in Twilio's longest body is left off rather than the text refused.
  return lined.length <= MAX_SMS_BODY ? lined : body;
}

export interface FirstTextDeps {
  store: StateStore;
  shards: StateShards;
  /** Told when the store fails (the text still goes, with the line when unsure). */
  onError: (what: string, error: unknown) => void;
}

/** Who has had the opt-out line, per workspace. */
export class FirstTexts {
  private readonly optOuts: OptOuts;
  constructor(private readonly deps: FirstTextDeps) {
    this.optOuts = new OptOuts(deps.store, deps.shards);
  }

  /**
   * The text to send `to`: with the opt-out line when `enabled` and they have not been told yet. `told`: what the
   * caller's own read of `to`'s opt-out standing said (no second read); else it is read here (unreadable: the line).
   */
  async bodyFor(enabled: boolean, workspaceId: string, to: string, body: string, told?: boolean): Promise<string> {
    if (!enabled) return body;
    let known = told;
    if (known === undefined) {
      try {
        known = (await this.optOuts.standing(workspaceId, to)).told;
      } catch (error) {
        this.deps.onError(`could not read whether ${to} was told how to opt out; the line is added`, error);
        known = false;
      }
    }
    return known ? body : withOptOutLine(body);
  }

  /** Records that `to` was sent a text saying how to opt out (call after the send went); `wasTold`: known already, nothing to write. */
  async told(workspaceId: string, to: string, body: string, at: Date, wasTold = false): Promise<void> {
    if (wasTold || !saysHowToOptOut(body)) return;
    try {
      await this.optOuts.markTold(workspaceId, to, at);
    } catch (error) {
      this.deps.onError(`could not record that ${to} was told how to opt out; their next text carries the line again`, error);
    }
  }
}
