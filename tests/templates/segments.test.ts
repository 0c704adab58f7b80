// What a text costs in SMS segments, as carriers count them (3GPP TS 23.038): GSM-7 160 in one segment, 153 each once
// split, the extension characters (^ { } \ [ ~ ] | €) counting two; one character outside GSM-7 sends the whole body as
// UCS-2: 70 UTF-16 units in one segment, 67 each once split, an emoji two units.
import { describeSmsCost, smsCost } from '../../src/templates/segments';

const gsm = (n: number) => 'a'.repeat(n);

test.each([
  ['empty', '', 'GSM-7', 0, 1],
  ['160 GSM-7 characters', gsm(160), 'GSM-7', 160, 1],
  ['161 GSM-7 characters', gsm(161), 'GSM-7', 161, 2],
  ['306 GSM-7 characters (2 x 153)', gsm(306), 'GSM-7', 306, 2],
  ['307 GSM-7 characters', gsm(307), 'GSM-7', 307, 3],
  ['accents GSM-7 has (é, ñ, ü, à) and £ count one', `${gsm(156)}éñüà`, 'GSM-7', 160, 1],
  ['80 euro signs: 160 septets', '€'.repeat(80), 'GSM-7', 160, 1],
  ['81 euro signs: 162 septets', '€'.repeat(81), 'GSM-7', 162, 2],
  ['159 characters and one brace', `${gsm(159)}{`, 'GSM-7', 161, 2],
  ['a short text with an emoji', 'Sorry we missed you 🙂', 'UCS-2', 22, 1],
  ['68 characters and an emoji: 70 units', `${gsm(68)}🙂`, 'UCS-2', 70, 1],
  ['69 characters and an emoji: 71 units', `${gsm(69)}🙂`, 'UCS-2', 71, 2],
  ['134 units (2 x 67)', `${gsm(132)}🙂`, 'UCS-2', 134, 2],
  ['135 units', `${gsm(133)}🙂`, 'UCS-2', 135, 3],
  ['a curly apostrophe (not GSM-7)', `We’re sorry`, 'UCS-2', 11, 1],
  ['an accent GSM-7 lacks (á)', 'Gracias, lo llamaremos más tarde', 'UCS-2', 32, 1],
])('%s', (_title, body, encoding, units, segments) => {
  expect(smsCost(body)).toMatchObject({ encoding, units, segments });
});

test('the description names the encoding, the character that forced UCS-2, and the segment sizes', () => {
  expect(describeSmsCost(smsCost(`${gsm(69)}🙂`))).toBe(
    '2 segments (UCS-2, because "🙂" is not a GSM-7 character: 71 UTF-16 units; one segment holds 70, 67 each once split)',
  );
  expect(describeSmsCost(smsCost(gsm(161)))).toBe('2 segments (GSM-7: 161 characters; one segment holds 160, 153 each once split)');
});
