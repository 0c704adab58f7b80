// The pure parts of notifications: quiet hours in the workspace's time zone (across midnight too), and recording
// link tokens (signed, expiring, bound to one recording).
import { inQuietHours } from '../../src/notify/quiet-hours';
import { recordingToken, verifyRecordingToken } from '../../src/notify/recording-link';

test('quiet hours are read in the workspace time zone, across midnight when end is before start', () => {
  const night = { start: '21:00', end: '07:00' };
  expect(inQuietHours(night, 'America/New_York', new Date('2026-11-24T03:30:00Z'))).toBe(true); // 22:30 local
  expect(inQuietHours(night, 'America/New_York', new Date('2026-11-23T15:00:00Z'))).toBe(false); // 10:00 local
  expect(inQuietHours(night, 'UTC', new Date('2026-11-23T07:00:00Z'))).toBe(false); // end is exclusive
  expect(inQuietHours({ start: '12:00', end: '13:00' }, 'UTC', new Date('2026-11-23T12:30:00Z'))).toBe(true);
  expect(inQuietHours(null, 'UTC', new Date())).toBe(false);
});

test('a recording token works until it expires, for its recording and secret only', () => {
  const secret = 'a-secret-of-at-least-32-characters-long';
  const sid = `RE${'ab'.repeat(16)}`;
  const now = new Date('2026-11-23T15:00:00Z');
  const token = recordingToken(secret, sid, new Date(now.getTime() + 60_000));
  expect(verifyRecordingToken(secret, token, now)).toMatchObject({ ok: true, recordingSid: sid });
  expect(verifyRecordingToken(secret, token, new Date(now.getTime() + 60_000))).toMatchObject({
    ok: false,
    reason: expect.stringContaining('expired'),
  });
  expect(verifyRecordingToken(`${secret}x`, token, now)).toMatchObject({ ok: false });
  expect(verifyRecordingToken(secret, token.replace(sid, `RE${'cd'.repeat(16)}`), now)).toMatchObject({ ok: false });
  expect(verifyRecordingToken(secret, undefined, now)).toMatchObject({ ok: false, reason: 'the link is malformed' });
});
