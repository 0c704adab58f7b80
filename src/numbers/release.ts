// `numbers release`: give a number back to Twilio. Refused while the configuration still refers to it, unless
// the caller asks for those references to go too; refused for a number another workspace refers to; and only
// after a confirmation. The configuration is changed first, so nothing routes to a number that is gone.
import { changeWorkspaceConfiguration, prepareEdit } from './configuration';
import { referencesTo, removeNumberAndReferences, type Reference } from './edits';
import { ConfirmationError, NumberNotInAccountError, NumberReferencedError, PartialChangeError, WorkspaceScopeError } from './errors';
import { scopeNumber } from './scope';
import type { NumbersServices } from './services';

export interface ReleaseRequest {
  number: string;
  workspace: string;
  /** Remove the number from the workspace's numbers and every setting that names it, then release it. */
  removeReferences: boolean;
  /** Asks the question; resolves true to go ahead. */
  confirm(question: string): Promise<boolean>;
}

export interface ReleaseResult {
  number: string;
  friendlyName: string;
  removed: Reference[];
  saved: string[];
}

const listed = (references: readonly Reference[]) =>
  references.map((reference) => `  - ${reference.path}: ${reference.description}`).join('\n');

export async function releaseNumber(services: NumbersServices, request: ReleaseRequest): Promise<ReleaseResult> {
  const loaded = await services.store.load();
  scopeNumber(loaded.bundle, request.workspace, request.number);
  const references = referencesTo(loaded.bundle, request.number);
  const elsewhere = references.filter((reference) => reference.workspace !== request.workspace);
  if (elsewhere.length) {
    throw new WorkspaceScopeError(
      `${request.number} is named in another workspace's configuration, so workspace "${request.workspace}" cannot release it:\n${listed(elsewhere)}`,
    );
  }
  if (references.length && !request.removeReferences) {
    throw new NumberReferencedError(
      request.number,
      references.map((reference) => reference.path),
      `${request.number} is still in the configuration of workspace "${request.workspace}":\n${listed(references)}\n` +
        'Nothing was released. Remove those references first, or run release again with --remove-references to remove them and release the number.',
    );
  }
  const edit = references.length
    ? prepareEdit(services.store, loaded, (draft) => removeNumberAndReferences(draft, request.number))
    : undefined;

  const gateway = services.gateway();
  const owned = await gateway.findOwned(request.number);
  if (!owned)
    throw new NumberNotInAccountError(
      request.number,
      `${request.number} is not a number of the Twilio account in the environment: there is nothing to release`,
    );
  const also = references.length
    ? ` and remove it from workspace "${request.workspace}" (${references.length} reference${references.length === 1 ? '' : 's'})`
    : '';
  if (
    !(await request.confirm(
      `Release ${owned.number} (${owned.friendlyName}) from the Twilio account${also}? Twilio may give it to someone else.`,
    ))
  ) {
    throw new ConfirmationError(`Not released: ${owned.number} stays in the account and the configuration is unchanged`);
  }

  const saved = edit
    ? (
        await changeWorkspaceConfiguration(
          services.store,
          request.workspace,
          (draft) => removeNumberAndReferences(draft, request.number),
          () => true,
        )
      ).saved
    : [];
  try {
    await gateway.release(owned);
  } catch (error) {
    if (!edit) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialChangeError(
      `Removed ${owned.number} from the configuration, but Twilio did not release it: ${reason}. Run release again, or release it in the Console`,
      { cause: error },
    );
  }
  return { number: owned.number, friendlyName: owned.friendlyName, removed: references, saved };
}
