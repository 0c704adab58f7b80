// A decision in words, for people: what happens to the call, which rule decided, and why the others did not.
import { describeTarget } from './legs';
import { RULES } from './rules';
import type { Decision } from './types';

const ACTION_WORDS: Record<Decision['action'], string> = {
  dial: 'DIAL',
  voicemail: 'VOICEMAIL',
  hangup: 'HANG UP',
  reject: 'REJECT',
  gather: 'ASK THE CALLER',
};

export function formatDecision(decision: Decision): string {
  const lines: string[] = [];
  lines.push(`Call ${decision.from || '(no caller ID)'} -> ${decision.to || '(no number)'} at ${decision.at}`);
  lines.push(
    `${ACTION_WORDS[decision.action]} by rule "${decision.rule}"${decision.workspace ? ` (workspace ${decision.workspace})` : ''}`,
  );
  if (decision.action === 'dial') {
    lines.push(
      `  ring ${decision.targets.length} leg${decision.targets.length === 1 ? '' : 's'} at once, for ${decision.timeout} s, caller ID ${decision.callerId}:`,
    );
    for (const target of decision.targets) {
      const why = target.kind === 'number' ? ` [${target.source}${target.user ? ` of ${target.user}` : ''}]` : '';
      lines.push(`    - ${describeTarget(target)}${why}`);
    }
  }
  if (decision.voicemail) {
    const greeting = decision.voicemail;
    const what = greeting.kind === 'audio' ? `plays ${greeting.url}` : `says "${greeting.text}"`;
    const when = decision.action === 'voicemail' ? 'voicemail' : 'if nobody answers, voicemail';
    lines.push(`  ${when}: ${what} (${greeting.owner} greeting), records up to ${greeting.maxLengthSeconds} s`);
  }
  if (decision.notes.length) {
    lines.push('Settings:');
    for (const note of decision.notes) lines.push(`  - ${note}`);
  }
  lines.push('Trace (first match wins):');
  for (const entry of decision.trace) {
    lines.push(`  ${entry.applied ? '=>' : '  '} ${entry.rule.padEnd(22)} ${entry.applied ? 'DECIDED' : 'skipped'}: ${entry.reason}`);
  }
  const considered = new Set(decision.trace.map((entry) => entry.rule));
  const notReached = RULES.filter((rule) => !considered.has(rule.id)).map((rule) => rule.id);
  if (notReached.length) lines.push(`  not reached: ${notReached.join(', ')}`);
  return lines.join('\n');
}
