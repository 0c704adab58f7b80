// What one text costs: how many SMS segments a body takes, as carriers count them (3GPP TS 23.038).
// A body of GSM-7 characters only fits 160 in one segment, 153 per segment once split (the rest carries the
// concatenation header); the extension characters ^ { } \ [ ~ ] | € and form feed take two. One character outside
// GSM-7 (an emoji, a curly quote, most accents) sends the whole body as UCS-2: 70 UTF-16 units in one segment, 67
// per segment once split (an emoji is two units). Pure.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

export const GSM7_SINGLE_SEGMENT = 160;
export const GSM7_PER_SEGMENT = 153;
export const UCS2_SINGLE_SEGMENT = 70;
export const UCS2_PER_SEGMENT = 67;

export interface SmsCost {
  encoding: 'GSM-7' | 'UCS-2';
  /** GSM-7 septets (extension characters count two), or UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** For UCS-2: the first character that is not GSM-7 (what to replace to fit GSM-7 again). */
  nonGsmCharacter: string | null;
}

export function smsCost(body: string): SmsCost {
  let septets = 0;
  for (const character of body) {
    if (GSM7_BASIC.includes(character)) septets += 1;
    else if (GSM7_EXTENSION.includes(character)) septets += 2;
    else {
      const units = body.length;
      return {
        encoding: 'UCS-2',
        units,
        segments: units <= UCS2_SINGLE_SEGMENT ? 1 : Math.ceil(units / UCS2_PER_SEGMENT),
        nonGsmCharacter: character,
      };
    }
  }
  return {
    encoding: 'GSM-7',
    units: septets,
    segments: septets <= GSM7_SINGLE_SEGMENT ? 1 : Math.ceil(septets / GSM7_PER_SEGMENT),
    nonGsmCharacter: null,
  };
}

/** "2 segments (GSM-7, 170 characters: 153 per segment once split)", for a warning. */
export function describeSmsCost(cost: SmsCost): string {
  const perSegment = cost.encoding === 'GSM-7' ? [GSM7_SINGLE_SEGMENT, GSM7_PER_SEGMENT] : [UCS2_SINGLE_SEGMENT, UCS2_PER_SEGMENT];
  const why = cost.nonGsmCharacter ? `, because "${cost.nonGsmCharacter}" is not a GSM-7 character` : '';
  return `${cost.segments} segment${cost.segments === 1 ? '' : 's'} (${cost.encoding}${why}: ${cost.units} ${cost.encoding === 'GSM-7' ? 'characters' : 'UTF-16 units'}; one segment holds ${perSegment[0]}, ${perSegment[1]} each once split)`;
}
