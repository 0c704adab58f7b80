// `config doctor`'s public surface: warnings about a valid configuration, in routing's own terms.
export { CARRIER_VOICEMAIL_SECONDS, SHORT_TIMEOUT_SECONDS, diagnose } from './doctor';
