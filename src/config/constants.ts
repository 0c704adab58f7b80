// Limits and constants of the configuration, without zod: what src/routing and other pure code may import.
// The schema (schema.ts) builds its rules from these.

export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 600;
export const RING_GROUP_MAX_USERS = 7;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
