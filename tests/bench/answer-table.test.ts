// The benchmark's table of answer times under Sync faults (scripts/bench/report.ts): one row per step, one
// column per mode and fault, a status shown only when it is not 200. Nothing is timed here.
import { renderAnswerTable } from '../../scripts/bench/report';

test('one row per step, one column per mode and fault, statuses other than 200 beside the time', () => {
  const answers = [
    { mode: 'warm' as const, fault: 'hang' as const, step: 'incoming-call', status: 200, ms: 1516 },
    { mode: 'warm' as const, fault: 'hang' as const, step: 'sms-textback', status: 503, ms: 1508 },
    { mode: 'cold' as const, fault: 'hang' as const, step: 'incoming-call', status: 200, ms: 2380 },
  ];
  const table = renderAnswerTable({ answers, worst: answers[2]! }).split('\n');
  expect(table[0]).toMatch(/^\s*step\s+warm hang\s+cold hang$/);
  expect(table[1]).toMatch(/^\s*incoming-call\s+1,516\s+2,380$/);
  expect(table[2]).toMatch(/^\s*sms-textback\s+1,508 \(503\)\s*$/);
});
