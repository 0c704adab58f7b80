// How the console stands in for a secret it never sends back: a webhook's signing secret is shown once, when it is
// made, and afterwards travels as `kept:<fingerprint>`, which a save turns back into the stored secret. Shared by the
// functions and the page (no Node import).

export const KEPT_SECRET_PREFIX = 'kept:';

/** Whether a value is the stand-in for a stored secret (not a secret itself). */
export const isKeptSecret = (value: unknown): value is string => typeof value === 'string' && value.startsWith(KEPT_SECRET_PREFIX);
