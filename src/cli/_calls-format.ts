// The call history for people and scripts: one line per call (`calls list`, as a table or as the JSON items
// documented in docs/events-and-history.md) and one call told step by step (`calls show`): where it went and why, who picked up,
// what the caller got (voicemail, text-back), who was told and what the caller replied; and what `calls redeliver` did.
import type { HistoryCall } from '../calls/history';
import type { RedeliveryReport } from '../events/redeliver';
import { describeRecovery } from '../state/lease';
import type { JsonObject } from '../state/store';
import { formatTable } from './_table';

/** `calls list --json`: one call in a line. */
export interface CallListItem {
  callSid: string;
  at: string;
  workspace: string | null;
  from: string | null;
  to: string | null;
  rule: string | null;
  outcome: HistoryCall['outcome'];
  answeredBy: string | null;
  voicemail: { url: string | null; length: number | null; transcript: string | null } | null;
  textback: { status: string } | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The voicemail's transcript text, when Twilio's transcription came back with one. */
function transcriptOf(call: HistoryCall): string | null {
  return text(call.transcript?.text);
}

export function callListItem(call: HistoryCall): CallListItem {
  const textbackStatus = text(call.textback?.status);
  return {
    callSid: call.callSid,
    at: call.at,
    workspace: call.workspace,
    from: call.route?.from ?? null,
    to: call.route?.to ?? null,
    rule: call.route?.rule ?? null,
    outcome: call.outcome,
    answeredBy: call.dial?.answeredBy ?? null,
    voicemail: call.voicemail
      ? { url: call.voicemail.recordingUrl, length: call.voicemail.durationSeconds, transcript: transcriptOf(call) }
      : null,
    textback: textbackStatus ? { status: textbackStatus } : null,
  };
}

/** A call's fields in the order the call happened: `calls show --json` writes them so. */
const FIELDS_IN_ORDER = [
  'callSid',
  'at',
  'workspace',
  'outcome',
  'route',
  'tiersRung',
  'legs',
  'accepts',
  'dial',
  'voicemail',
  'transcript',
  'recording',
  'textback',
  'notices',
  'replies',
  'fault',
] as const satisfies readonly (keyof HistoryCall)[];

/** `calls show --json`: the whole record, its fields in the order the call happened. */
export function callShowJson(call: HistoryCall): object {
  return Object.fromEntries(FIELDS_IN_ORDER.filter((field) => call[field] !== undefined).map((field) => [field, call[field]]));
}

const dash = (value: string | null | undefined) => value || '-';

export function formatCallTable(calls: readonly HistoryCall[]): string {
  const rows = calls.map((call) => {
    const item = callListItem(call);
    const voicemail = item.voicemail ? `${item.voicemail.length ?? '?'} s${item.voicemail.transcript ? ', transcribed' : ''}` : '-';
    return [
      item.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, 'Z'),
      dash(item.workspace),
      dash(item.from),
      dash(item.to),
      dash(item.rule),
      item.outcome,
      dash(item.answeredBy),
      voicemail,
      dash(item.textback?.status),
      item.callSid,
    ];
  });
  const count = `${calls.length} call${calls.length === 1 ? '' : 's'}, newest first`;
  return `${formatTable(['WHEN (UTC)', 'WORKSPACE', 'FROM', 'TO', 'RULE', 'OUTCOME', 'ANSWERED BY', 'VOICEMAIL', 'TEXT-BACK', 'CALL SID'], rows)}\n${count}`;
}

/** A notice's or reply's entry in a line: its status and who or what it concerns, then anything else it says. */
function describeItem(entry: JsonObject): string {
  const parts: string[] = [];
  for (const field of ['status', 'mark', 'to', 'from', 'reason', 'detail', 'messageSid', 'at']) {
    const value = entry[field];
    if (typeof value === 'string' || typeof value === 'number') parts.push(field === 'status' ? String(value) : `${field} ${value}`);
  }
  // Finished by a later invocation after the first died half-way: how late.
  const recovered = describeRecovery(entry);
  if (recovered) parts.push(recovered);
  const body = text(entry.body);
  return `${parts.join(', ')}${body ? `: "${body}"` : ''}`;
}

/** A reply's line; a user's answer (src/replies/staff-answer) says who answered, whom, and what became of it. */
function describeReply(entry: JsonObject): string {
  const answer = entry.answer;
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return describeItem(entry);
  const { to: _number, ...rest } = entry;
  return `answer by ${text(answer.user) ?? '?'} to ${text(answer.customer) ?? 'nobody'}: ${describeItem({ ...rest, status: answer.status ?? null })}`;
}

/** One call, step by step, in the order it happened. */
export function describeCall(call: HistoryCall): string {
  const lines: string[] = [];
  const route = call.route;
  lines.push(`Call ${call.callSid}${call.workspace ? ` (workspace ${call.workspace})` : ' (no workspace)'}`);
  if (route) {
    lines.push(`  ${route.at}  ${route.from || '(no caller ID)'} called ${route.to}`);
    lines.push('');
    lines.push(`Route: ${route.action.toUpperCase()} by rule "${route.rule}"${route.legs.length ? ` -> ${route.legs.join(', ')}` : ''}`);
    if (route.reason) lines.push(`  because ${route.reason}`);
    const settings = [
      route.callerId ? `caller ID ${route.callerId}` : null,
      route.callConnect !== undefined ? `call connect ${route.callConnect ? 'on' : 'off'}` : null,
      route.greeting !== undefined ? `voicemail greeting: ${route.greeting ?? 'none'}` : null,
      route.rungUsers?.length ? `rang ${route.rungUsers.join(', ')}` : null,
    ].filter((part): part is string => part !== null);
    if (settings.length) lines.push(`  ${settings.join('; ')}`);
    for (const warning of route.warnings ?? []) lines.push(`  warning: ${warning}`);
    if (route.screening) lines.push(`  spam protection: ${route.screening.verdict} (${route.screening.why})`);
    if (route.menu)
      lines.push(
        `  phone menu: ${route.menu.chose ? `option ${route.menu.chose} (${route.menu.how})` : 'no option taken'}${route.menu.answers.length ? `, answers ${route.menu.answers.map((answer) => JSON.stringify(answer)).join(', ')}` : ''}`,
      );
    if (route.textBack === false) lines.push('  never texted back (screened)');
    if (route.tiers && route.tiers.length > 1) {
      lines.push('  Ring tiers:');
      route.tiers.forEach((tier, index) => {
        const rung = index === 0 ? route.at : text(call.tiersRung?.[String(index)]?.at);
        lines.push(
          `    ${index + 1}. ${tier.users.length ? tier.users.join(', ') : tier.legs.join(', ')} for ${tier.seconds} s (${tier.label})${rung ? `, rang at ${rung}` : ', not rung'}`,
        );
      });
    }
    if (route.trace?.length) {
      lines.push('  Why (first match wins):');
      const width = Math.max(...route.trace.map((entry) => entry.rule.length));
      for (const entry of route.trace)
        lines.push(
          `    ${entry.applied ? '=>' : '  '} ${entry.rule.padEnd(width)}  ${entry.applied ? 'DECIDED' : 'skipped'}: ${entry.reason}`,
        );
    }
  } else lines.push('  (no route recorded: the call began before its log was kept, or its first step could not write it)');

  const legs = Object.values(call.legs ?? {}).sort((a, b) => a.at.localeCompare(b.at));
  const accepted = new Set(Object.keys(call.accepts ?? {}));
  if (legs.length || accepted.size) {
    lines.push('');
    lines.push('Legs that picked up:');
    for (const leg of legs)
      lines.push(`  ${leg.at}  ${leg.leg} (${leg.legCallSid})${accepted.has(leg.legCallSid) ? ', pressed a key after the whisper' : ''}`);
    for (const sid of accepted)
      if (!call.legs?.[sid]) lines.push(`  ${call.accepts![sid]!.at}  ${call.accepts![sid]!.leg} (${sid}) pressed a key after the whisper`);
  }
  if (call.dial) {
    lines.push('');
    const who = call.dial.answeredBy ? `, answered by ${call.dial.answeredBy}` : '';
    lines.push(`Dial: ${call.dial.outcome} (${call.dial.dialStatus}${call.dial.bridged ? ', bridged' : ''}${who}) at ${call.dial.at}`);
    if (call.dial.reason) lines.push(`  ${call.dial.reason}`);
  }
  if (call.voicemail || call.recording || call.transcript) lines.push('');
  if (call.voicemail)
    lines.push(
      `Voicemail: ${call.voicemail.durationSeconds ?? '?'} s at ${call.voicemail.at}: ${call.voicemail.recordingUrl ?? '(no URL)'}`,
    );
  if (call.transcript)
    lines.push(
      `Transcript (${text(call.transcript.status) ?? 'status unknown'}): ${transcriptOf(call) ? `"${transcriptOf(call)}"` : '(none)'}`,
    );
  if (call.recording)
    lines.push(`Call recording: ${call.recording.durationSeconds ?? '?'} s: ${call.recording.recordingUrl ?? '(no URL)'}`);
  if (call.textback) {
    lines.push('');
    lines.push(`Text-back: ${describeItem(call.textback)}`);
  }
  for (const [title, items] of [
    ['Notifications', call.notices],
    ['Replies', call.replies],
  ] as const) {
    const entries = Object.entries(items ?? {});
    if (!entries.length) continue;
    lines.push('');
    lines.push(`${title}:`);
    for (const [id, entry] of entries) lines.push(`  ${id}: ${title === 'Replies' ? describeReply(entry) : describeItem(entry)}`);
  }
  if (call.fault) {
    lines.push('');
    lines.push(
      `Fault: ${describeItem(call.fault)}${text(call.fault.step) ? ` in ${text(call.fault.step)}` : ''}${text(call.fault.error) ? ` (${text(call.fault.error)})` : ''}${text(call.fault.fallback) ? `; the caller got ${text(call.fault.fallback)}` : ''}`,
    );
  }
  lines.push('');
  lines.push(`Outcome: ${call.outcome}`);
  return lines.join('\n');
}

/** `calls redeliver`: one line per failed delivery sent again, then a count of each outcome. */
export function formatRedelivery(reports: readonly RedeliveryReport[]): string {
  if (!reports.length) return 'No failed deliveries to send again.';
  const lines = reports.map((report) => {
    const outcome = report.outcome;
    const what =
      outcome.status === 'delivered'
        ? `delivered (HTTP ${outcome.httpStatus})`
        : outcome.status === 'failed'
          ? `failed again (attempt ${outcome.attempts}): ${outcome.detail}`
          : `dropped: ${outcome.detail}`;
    return `${report.workspace}  ${report.type}  ${report.eventId} -> ${report.url}: ${what}`;
  });
  const count = (status: RedeliveryReport['outcome']['status']) => reports.filter((report) => report.outcome.status === status).length;
  return `${lines.join('\n')}\n${count('delivered')} delivered, ${count('failed')} failed, ${count('dropped')} dropped`;
}
