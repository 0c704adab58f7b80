// The one caller classifier (src/phone/caller-id): Twilio's withheld placeholders and words, and a From that cannot
// be a number, are withheld; held to libphonenumber-js's own isPossible(): everything it calls withheld for its
// length the library refuses too, and no number the library finds possible is ever withheld.
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { WITHHELD_PLACEHOLDERS, callerLabel, callerOf, couldBeNumber } from '../../src/phone/caller-id';
import { phoneMetadata } from '../../src/phone/metadata';

const libraryPossible = (e164: string) => parsePhoneNumberFromString(e164, phoneMetadata())?.isPossible() === true;

describe('withheld callers', () => {
  test.each([
    // Twilio's placeholders: the words spelled on a keypad.
    ['+266696687', 'withheld:anonymous'],
    ['+7378742833', 'withheld:restricted'],
    ['+86282452253', 'withheld:unavailable'],
    ['+8656696', 'withheld:unknown'],
    ['+2562533', 'withheld:blocked'],
    // The words themselves, as Twilio passes them on now, whatever the case.
    ['anonymous', 'withheld:anonymous'],
    ['Restricted', 'withheld:restricted'],
    [' ANONYMOUS ', 'withheld:anonymous'],
    ['', 'withheld:none'],
    // Not a number at all.
    ['+12345', 'withheld:other:+12345'],
    ['+1555010', 'withheld:other:+1555010'],
    ['sip:bob@example.com', 'withheld:other:sip_bob_example_com'],
    ['client:alice', 'withheld:other:client_alice'],
    // Names an object literal inherits: a lookup table must not find them (they once threw).
    ['constructor', 'withheld:other:constructor'],
    ['toString', 'withheld:other:tostring'],
    ['__proto__', 'withheld:other:_proto_'],
  ])('%j is withheld, counted as %s', (from, key) => {
    const caller = callerOf(from);
    expect(caller).toMatchObject({ withheld: true, key });
    expect(callerLabel(caller)).toBe('a withheld number');
  });

  test("the placeholders are Twilio's five; one of them (UNAVAILABLE) has a possible Chinese number's length, so only the list catches it", () => {
    expect(Object.keys(WITHHELD_PLACEHOLDERS).sort()).toEqual(['+2562533', '+266696687', '+7378742833', '+86282452253', '+8656696']);
    expect(Object.keys(WITHHELD_PLACEHOLDERS).filter(libraryPossible)).toEqual(['+86282452253']);
    expect(couldBeNumber('+86282452253')).toBe(true);
  });
});

describe('callers with a number', () => {
  test.each([
    // Fictional 555-01xx numbers (the sample's and the tests'): possible, not valid, and callers all the same.
    '+15550100200',
    '+15550100100',
    '+14155552671',
    '+447911123456',
    '+4915123456789',
    '+61412345678',
    '+8613800138000',
    '+2612012345', // Madagascar: libphonenumber puts the national prefix's "20" back; still possible
    '+80012345678',
  ])('%s is a caller, named by its number', (from) => {
    const caller = callerOf(from);
    expect(caller).toEqual({ withheld: false, number: from });
    expect(callerLabel(caller)).toBe(from);
  });
});

describe('"cannot be a number" is a part of libphonenumber-js\'s isPossible() false', () => {
  const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{0,14}$/)).map(([first, rest]) => `+${first}${rest}`);

  test('never withheld when the library says possible; withheld for its length only when the library says not', () => {
    fc.assert(
      fc.property(e164, (number) => {
        if (couldBeNumber(number)) return true;
        return !libraryPossible(number);
      }),
      { numRuns: 5_000 },
    );
  });

  test('every calling code, every length: a number the library finds possible is never withheld', () => {
    const metadata = phoneMetadata() as unknown as { country_calling_codes: object; nonGeographic: object };
    const codes = new Set([...Object.keys(metadata.country_calling_codes), ...Object.keys(metadata.nonGeographic)]);
    const disagreements: string[] = [];
    for (const code of codes) {
      for (let length = 0; length <= 15 - code.length; length += 1) {
        for (const digit of ['2', '5', '9']) {
          const number = `+${code}${digit.repeat(length)}`;
          if (!couldBeNumber(number) && libraryPossible(number)) disagreements.push(number);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
