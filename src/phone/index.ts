// Phone numbers' public surface: country and kind of an E.164 number (libphonenumber-js), and the outbound policy.
export { HIGH_COST_KINDS, countryOf, isUsLongCode, phoneFacts, type NumberKind, type PhoneFacts } from './phone';
export { allowedCountries, checkDestination, type DestinationVerdict } from './outbound-policy';
