// A greeting's limits, shared by the server's check (greeting-audio.ts) and the console page (greeting-field.tsx).

/** The largest audio file a greeting may be: its base64 text (4/3 of it) keeps the console's JSON request under 1 MB. */
export const GREETING_MAX_BYTES = 700 * 1024;
/** The base64 the console sends for the largest greeting (4/3 of its bytes). */
export const GREETING_MAX_BASE64 = Math.ceil(GREETING_MAX_BYTES / 3) * 4;
export const GREETING_MAX_SECONDS = 180;
export const GREETING_MIN_SECONDS = 0.5;
/** The page records at the phone's own rate, 8 kHz 16-bit mono (16,000 bytes a second): 44 s fit in a greeting. */
export const BROWSER_RECORDING_RATE = 8000;
export const BROWSER_RECORDING_MAX_SECONDS = Math.floor((GREETING_MAX_BYTES - 44) / (BROWSER_RECORDING_RATE * 2));
