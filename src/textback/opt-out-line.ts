// The opt-out line: the first text a caller ever gets from a workspace (the text-back, or a staff answer) ends with
// "Reply STOP to opt out" unless it already says how (src/textback/keywords `saysHowToOptOut`), as carriers expect
// of a first message; `textBack.optOutLine` (on by default) turns it off. Who has had it is kept per workspace and
// phone, `told:<phone>` in the phone's shard of the workspace's `optout` maps, with no expiry (like opt-outs).
// Read before the send, written after it went: a text whose send fails leaves the next one to carry the line, and
// a store that cannot be read adds the line (a second line is harmless, a missing one is not).
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';
import { saysHowToOptOut } from './keywords';

export const OPT_OUT_LINE = 'Reply STOP to opt out.';
/** Twilio's longest message body: a line that would not fit is left off rather than the text refused. */
const MAX_BODY = 1600;

export const toldKey = (phone: string): string => `told:${phone}`;

/** `body` ending with the opt-out line, unless it already says how to opt out (or the line would not fit). */
export function withOptOutLine(body: string): string {
  if (saysHowToOptOut(body)) return body;
  const lined = `${body.trimEnd()}\n${OPT_OUT_LINE}`;
  return lined.length <= MAX_BODY ? lined : body;
}

export interface FirstTextDeps {
  store: StateStore;
  shards: StateShards;
  /** Told when the store fails (the text still goes, with the line when unsure). */
  onError: (what: string, error: unknown) => void;
}

/** Who has had the opt-out line, per workspace. */
export class FirstTexts {
  constructor(private readonly deps: FirstTextDeps) {}

  private map(workspaceId: string, phone: string): string {
    return this.deps.shards.mapFor('optout', workspaceId, phone);
  }

  /** The text to send `to`: with the opt-out line when `enabled` and they have not been told yet (or that cannot be read). */
  async bodyFor(enabled: boolean, workspaceId: string, to: string, body: string): Promise<string> {
    if (!enabled) return body;
    try {
      if ((await this.deps.store.get(this.map(workspaceId, to), toldKey(to))) !== null) return body;
    } catch (error) {
      this.deps.onError(`could not read whether ${to} was told how to opt out; the line is added`, error);
    }
    return withOptOutLine(body);
  }

  /** Records that `to` was sent a text saying how to opt out (call after the send went). */
  async told(workspaceId: string, to: string, body: string, at: Date): Promise<void> {
    if (!saysHowToOptOut(body)) return;
    try {
      await this.deps.store.put(this.map(workspaceId, to), toldKey(to), { at: at.toISOString() });
    } catch (error) {
      this.deps.onError(`could not record that ${to} was told how to opt out; their next text carries the line again`, error);
    }
  }
}
