// Who asked not to be texted: per workspace and phone, in the state store (Sync Map `optout`, or local).
// Set by a STOP reply or Twilio's 21610; lifted by a START reply. A reply's write is retried: a STOP must never
// be acknowledged and then lost.
import type { StateStore } from '../state/store';

export const OPT_OUT_MAP = 'optout';

/** Pauses before the second and third attempt of a reply's write (the whole stays well inside a webhook's time). */
export const REPLY_WRITE_RETRY_DELAYS_MS = [100, 300];

/** A STOP or START reply could not be recorded, even after retries: the step must not acknowledge it. */
export class OptOutWriteError extends Error {
  override readonly name = 'OptOutWriteError';
}

export class OptOuts {
  constructor(
    private readonly store: StateStore,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  private key(workspaceId: string, phone: string): string {
    return `${workspaceId}:${phone}`;
  }

  async isOptedOut(workspaceId: string, phone: string): Promise<boolean> {
    return (await this.store.get(OPT_OUT_MAP, this.key(workspaceId, phone))) !== null;
  }

  async optOut(workspaceId: string, phone: string, source: string, at: Date): Promise<void> {
    await this.store.put(OPT_OUT_MAP, this.key(workspaceId, phone), { source, at: at.toISOString() });
  }

  async optIn(workspaceId: string, phone: string): Promise<void> {
    await this.store.remove(OPT_OUT_MAP, this.key(workspaceId, phone));
  }

  /**
   * Records a STOP (opt-out) or START (opt-in) reply, trying again after each failure; an OptOutWriteError
   * (with the last failure as its cause) when every attempt failed. Both writes are idempotent.
   */
  async recordReply(intent: 'opt-out' | 'opt-in', workspaceId: string, phone: string, at: Date, onRetry?: (attempt: number, error: unknown) => void): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= REPLY_WRITE_RETRY_DELAYS_MS.length; attempt += 1) {
      if (attempt > 0) {
        onRetry?.(attempt, lastError);
        await this.sleep(REPLY_WRITE_RETRY_DELAYS_MS[attempt - 1]!);
      }
      try {
        if (intent === 'opt-out') await this.optOut(workspaceId, phone, 'reply-stop', at);
        else await this.optIn(workspaceId, phone);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new OptOutWriteError(`could not record the ${intent} of ${phone} for ${workspaceId} after ${REPLY_WRITE_RETRY_DELAYS_MS.length + 1} attempts`, { cause: lastError });
  }
}
