// Business hours in the workspace's own time zone, daylight saving included. Time is always an argument.
import { parseBundle } from '../../src/config/parse';
import type { BusinessHours } from '../../src/config/types';
import { checkBusinessHours, localTime } from '../../src/routing/hours';
import { decide } from '../../src/routing/decide';
import { callerOf } from '../../src/phone/caller-id';

const nineToFive = [{ open: '09:00', close: '17:00' }];
const hours: BusinessHours = {
  weekly: {
    monday: nineToFive,
    tuesday: nineToFive,
    wednesday: nineToFive,
    thursday: nineToFive,
    friday: nineToFive,
    saturday: [],
    sunday: [],
  },
  closedDates: ['2026-07-03'],
};
const NY = 'America/New_York';
const open = (iso: string, timeZone = NY) => checkBusinessHours(hours, timeZone, new Date(iso)).open;

describe('business hours', () => {
  test('opening time is inside, closing time is outside', () => {
    expect(open('2026-11-23T14:00:00Z')).toBe(true); // Mon 09:00 EST
    expect(open('2026-11-23T13:59:00Z')).toBe(false); // Mon 08:59 EST
    expect(open('2026-11-23T21:59:00Z')).toBe(true); // Mon 16:59 EST
    expect(open('2026-11-23T22:00:00Z')).toBe(false); // Mon 17:00 EST
  });

  test('the same UTC instant is open or closed depending on daylight saving (spring forward, 2026-03-08)', () => {
    // 13:30Z is 08:30 EST the Monday before the change, and 09:30 EDT the Monday after.
    expect(open('2026-03-02T13:30:00Z')).toBe(false);
    expect(open('2026-03-09T13:30:00Z')).toBe(true);
    expect(localTime(new Date('2026-03-09T13:30:00Z'), NY)).toEqual({ date: '2026-03-09', weekday: 'monday', time: '09:30' });
  });

  test('and back again when it ends (fall back, 2026-11-01)', () => {
    expect(open('2026-10-26T13:30:00Z')).toBe(true); // 09:30 EDT
    expect(open('2026-11-02T13:30:00Z')).toBe(false); // 08:30 EST
    expect(open('2026-11-02T14:00:00Z')).toBe(true); // 09:00 EST
  });

  test('a time zone ahead of UTC moves the weekday: Monday 00:30 in Tokyo is still Sunday in UTC', () => {
    const check = checkBusinessHours(hours, 'Asia/Tokyo', new Date('2026-11-22T15:30:00Z'));
    expect(check.local).toEqual({ date: '2026-11-23', weekday: 'monday', time: '00:30' });
    expect(check.open).toBe(false);
    expect(checkBusinessHours(hours, 'Asia/Tokyo', new Date('2026-11-23T00:30:00Z')).open).toBe(true); // Mon 09:30 JST
  });

  test('a closed date is closed all day, in local time, and says so', () => {
    const check = checkBusinessHours(hours, NY, new Date('2026-07-03T15:00:00Z')); // Fri 11:00 EDT
    expect(check.open).toBe(false);
    expect(check.reason).toContain('2026-07-03 is a closed date');
    expect(open('2026-07-04T03:30:00Z')).toBe(false); // still 23:30 on the 3rd in New York
  });

  test('24:00 closes at midnight and several intervals a day are honoured', () => {
    const split: BusinessHours = {
      ...hours,
      weekly: {
        ...hours.weekly,
        saturday: [
          { open: '08:00', close: '12:00' },
          { open: '20:00', close: '24:00' },
        ],
      },
    };
    const at = (iso: string) => checkBusinessHours(split, 'UTC', new Date(iso)).open;
    expect(at('2026-11-28T11:59:00Z')).toBe(true);
    expect(at('2026-11-28T12:00:00Z')).toBe(false);
    expect(at('2026-11-28T23:59:00Z')).toBe(true);
    expect(at('2026-11-29T00:00:00Z')).toBe(false);
  });

  test('decide() applies the after-hours rule only when the workspace keeps hours', () => {
    const bundle = parseBundle({
      workspaces: [
        { id: 'no-hours', name: 'No Hours', numbers: [{ number: '+15550600100', name: 'n', forwardingNumber: '+15550600200' }] },
      ],
    });
    const decision = decide(
      { to: '+15550600100', from: '+15550600300', caller: callerOf('+15550600300') },
      bundle,
      new Date('2026-11-22T03:00:00Z'),
    );
    expect(decision.rule).toBe('forwarding-number');
    expect(decision.trace.find((entry) => entry.rule === 'after-hours')?.reason).toBe('the workspace keeps no business hours');
  });
});
