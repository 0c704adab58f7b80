// Who asked not to be texted: per workspace and phone, in the state store (Sync Map `optout`, or local).
// Set by a STOP reply or Twilio's 21610; lifted by a START reply.
import type { StateStore } from '../state/store';

export const OPT_OUT_MAP = 'optout';

export class OptOuts {
  constructor(private readonly store: StateStore) {}

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
}
