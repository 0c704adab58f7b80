// The phone words (../phone/phone-words.ts) for the console's functions: with the metadata of the private asset
// (../phone/metadata.ts), read once per process, so the functions do not bundle a copy of it.
import { builtOnce } from '../config/built-once';
import { phoneMetadata } from '../phone/metadata';
import { phoneWordsWith } from '../phone/phone-words';

export const serverPhoneWords = builtOnce(() => phoneWordsWith(phoneMetadata()));
