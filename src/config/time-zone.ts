// Which time zone names a workspace may use: UTC, or an IANA place name (Area/Location, e.g. America/New_York)
// that this Node's Intl knows. Refused: abbreviations and fixed offsets (EST, CST6CDT, GMT, Etc/GMT+5), which never
// change for daylight saving (EST is UTC-5 all year; Etc/GMT+5 is UTC-5, its sign inverted), and the old country
// aliases (US/Eastern, Canada/Pacific), which Intl accepts but IANA keeps only for compatibility.
//
// Not Intl.supportedValuesOf('timeZone'): on Node 20 it lists CLDR's names (Asia/Calcutta, Europe/Kiev) and leaves
// out IANA's (Asia/Kolkata, Europe/Kyiv) and UTC, so a valid zone would be refused here and accepted on Twilio's
// node22, or the other way round. The rule below reads the same on both. Pure; no zod.

/** IANA's geographic areas (the tz database's continent and ocean files). */
const PLACE_NAME = /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(?:\/[A-Z][A-Za-z0-9_+-]*)+$/;

const TIME_ZONE_EXAMPLE = 'America/New_York';

/** The name Intl resolves `value` to, or null when Intl does not know it. */
function intlName(value: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Why `value` is not a time zone a workspace can use, or null when it is one. */
export function timeZoneProblem(value: string): string | null {
  if (value === 'UTC') return null;
  const resolved = intlName(value);
  if (resolved !== null && PLACE_NAME.test(value)) return null;
  if (resolved === null) return `"${value}" is not an IANA time zone: use a place name such as ${TIME_ZONE_EXAMPLE} (or UTC)`;
  if (resolved !== value && resolved.toLowerCase() === value.toLowerCase() && PLACE_NAME.test(resolved)) {
    return `"${value}" is not spelled as IANA spells it: write ${resolved}`;
  }
  return `"${value}" is not a canonical IANA time zone: abbreviations, fixed offsets (EST, Etc/GMT+5) and old aliases (US/Eastern) do not follow a place's daylight saving, or are kept only for compatibility; use a place name such as ${TIME_ZONE_EXAMPLE} (or UTC)`;
}
