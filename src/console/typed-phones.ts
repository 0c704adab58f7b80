// The numbers of a console draft as the owner typed them ("(555) 010-0020"), read in the workspace's country and
// stored as E.164 (./phone-fields.ts), with the metadata of the functions' private asset: the normalizer of the drafts
// a person sends (console-save, console-impact). Changes made in code (do not disturb, a secret) need none, so the
// functions that make only those do not load libphonenumber-js.
import { normalizePhones } from './phone-fields';
import { serverPhoneWords } from './phone-words';
import type { DraftNormalizer } from './settings';

export const typedPhones: DraftNormalizer = (draft, stored) => {
  const words = serverPhoneWords();
  return normalizePhones(draft, words.localeOf(stored), words);
};
