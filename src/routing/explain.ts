// A decision in words, for people: what happens to the call, which rule decided, and why the others did not; what
// rings in which order ("ringing alice for 15 s, then bob, carol and dan together for 20 s", also the simulator's
// words for the dials it rang), the prompt the caller is asked, the phone menu and what spam protection did.
import { describeTarget } from './legs';
import { RULES } from './rules';
import type { Decision, Target, Tier } from './types';

/** One ring of the route in words: who rings (users, or the number of a leg no user owns) and for how long. */
export interface RingStep {
  names: string[];
  seconds: number;
}

/** `bob`, `bob and carol together`, `bob, carol and dan together`. */
function namesTogether(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} together`;
}

/** "ringing alice for 15 s, then bob, carol and dan together for 20 s". */
export function ringWords(steps: readonly RingStep[]): string {
  return `ringing ${steps.map((step) => `${namesTogether(step.names)} for ${step.seconds} s`).join(', then ')}`;
}

/** Who a set of legs rings for: each user once, in order, then each leg no user owns by its number or identity. */
export function ringNames(legs: readonly Target[]): string[] {
  const names: string[] = [];
  for (const leg of legs) {
    const name = leg.user ?? (leg.kind === 'number' ? leg.number : leg.identity);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

const ringStepOf = (tier: Tier): RingStep => ({ names: ringNames(tier.legs), seconds: tier.seconds });

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
  if (decision.action === 'dial' && decision.tiers.length > 1) {
    lines.push(`  ${ringWords(decision.tiers.map(ringStepOf))}; caller ID ${decision.callerId}, ${decision.timeout} s in all:`);
    for (const [index, tier] of decision.tiers.entries()) {
      lines.push(`    tier ${index + 1} (${tier.label}), ${tier.seconds} s:`);
      for (const target of tier.legs) lines.push(`      - ${describeTarget(target)}${targetSource(target)}`);
    }
  } else if (decision.action === 'dial') {
    lines.push(
      `  ring ${decision.targets.length} leg${decision.targets.length === 1 ? '' : 's'} at once, for ${decision.timeout} s, caller ID ${decision.callerId}:`,
    );
    for (const target of decision.targets) lines.push(`    - ${describeTarget(target)}${targetSource(target)}`);
  }
  if (decision.gather) {
    const { gather } = decision;
    const heard = gather.prompt.kind === 'audio' ? `plays ${gather.prompt.url}` : `says "${gather.prompt.text}"`;
    const listens = gather.speech ? `a key or words${gather.hints.length ? ` (hints: ${gather.hints.join(', ')})` : ''}` : 'a key';
    lines.push(`  asks the caller (${gather.purpose}, attempt ${gather.attempt}): ${heard}; waits for ${listens}`);
  }
  if (decision.menu) lines.push(...menuLines(decision.menu));
  if (decision.screening) lines.push(`Spam protection: ${decision.screening.verdict} (${decision.screening.why})`);
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

function targetSource(target: Target): string {
  return target.kind === 'number' ? ` [${target.source}${target.user ? ` of ${target.user}` : ''}]` : '';
}

const ANSWER_WORDS = (answer: string) => (answer === '' ? 'nothing' : `"${answer}"`);

function menuLines(menu: NonNullable<Decision['menu']>): string[] {
  const options = menu.options.map((option) => `${option.digit} ${option.label} (${option.action})`).join(', ');
  const answers = menu.answers.length ? menu.answers.map(ANSWER_WORDS).join(', then ') : 'nothing yet';
  const chose = menu.chose === null ? 'no option yet' : `option ${menu.chose}${menu.how ? ` (${menu.how})` : ''}`;
  return [`Phone menu: ${options}`, `  the caller answered ${answers}: ${chose}`];
}
