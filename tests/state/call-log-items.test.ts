// A call's notices and replies in its log: each recorded once under its own id (a second delivery finds it taken),
// its outcome written over it later, and all of them read back with the call, beside its steps and legs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallLog, DEFAULT_CALL_HISTORY_DAYS, callHistoryTtlSeconds } from '../../src/calls/call-log';
import { createStepLog } from '../../src/log/step-log';
import { LocalStateStore } from '../../src/state/local-store';

const SID = `CA${'a'.repeat(32)}`;
const log = new CallLog(
  new LocalStateStore(mkdtempSync(join(tmpdir(), 'items-'))),
  createStepLog('test'),
  { workspace: 'ws', shard: 1 },
  callHistoryTtlSeconds(DEFAULT_CALL_HISTORY_DAYS),
);

test('once per id, replaced by its outcome, read back with the call', async () => {
  await log.write(SID, 'route', { at: 'then', rule: 'r', action: 'dial' });
  expect(await log.writeItemFirst(SID, 'notice', 'voicemail:ann', { status: 'sending' })).toBe('written');
  expect(await log.writeItemFirst(SID, 'notice', 'voicemail:ann', { status: 'sending' })).toBe('exists');
  expect(await log.writeItem(SID, 'notice', 'voicemail:ann', { status: 'sent', messageSid: 'SM1' })).toBe(true);
  expect(await log.writeItemFirst(SID, 'reply', `SM${'b'.repeat(32)}`, { body: 'call me back' })).toBe('written');
  expect(await log.writeItemFirst(SID, 'notice', 'bad id with spaces', {})).toBe('failed');
  expect(await log.read(SID)).toMatchObject({
    route: { rule: 'r' },
    notices: { 'voicemail:ann': { status: 'sent', messageSid: 'SM1' } },
    replies: { [`SM${'b'.repeat(32)}`]: { body: 'call me back' } },
  });
});
