// Sync's documents and contacts for the decision benchmark, held in memory and answered as the gateway
// answers them (a document's data, a map item's data) but without a network: so the benchmark times what
// SyncConfigurationSource does per call in process, not the round trip or the twilio library's HTTP work.
import { bundleToLayout, syncNames } from '../../src/config/layout';
import type { Bundle } from '../../src/config/types';
import { SyncGateway, type DocumentSnapshot } from '../../src/sync/gateway';

export class InMemorySyncGateway extends SyncGateway {
  private readonly documents = new Map<string, unknown>();
  private readonly maps = new Map<string, Map<string, unknown>>();

  /** The bundle as `config push` lays it out in Sync. Only the two reads the configuration source makes work. */
  constructor(bundle: Bundle) {
    super(undefined as never, 'in-memory', { timeoutMs: 0 });
    const layout = bundleToLayout(bundle);
    this.documents.set(syncNames.index, layout.index);
    for (const [id, document] of layout.workspaces) this.documents.set(syncNames.workspace(id), document);
    for (const [e164, document] of layout.numbers) this.documents.set(syncNames.number(e164), document);
    for (const [id, contacts] of layout.contacts)
      this.maps.set(syncNames.contacts(id), new Map(contacts.map((contact) => [contact.phone, contact])));
  }

  override async fetchDocument(name: string): Promise<DocumentSnapshot | null> {
    this.requests += 1;
    const data = this.documents.get(name);
    return data === undefined ? null : { data, revision: '1' };
  }

  override async fetchMapItem(map: string, key: string): Promise<unknown | null> {
    this.requests += 1;
    return this.maps.get(map)?.get(key) ?? null;
  }
}
