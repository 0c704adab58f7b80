// decide(call, configuration, now): runs the rule table for one call and returns the plan with its trace.
// Pure: no I/O, no clock (the instant is an argument), no Twilio import.
import { DEFAULT_TIMEOUT_SECONDS } from '../config/constants';
import type { User, Workspace } from '../config/types';
import { withoutCaller, type CallerNumber } from './caller';
import { checkBusinessHours } from './hours';
import { selectLegs } from './legs';
import { indexBundle, type RoutingConfiguration } from './lookup';
import { RULES, type Outcome, type RuleContext } from './rules';
import { isoInstant } from './time-text';
import type { CalledPair, CallInput, Decision, DroppedTarget, Target, Tier, TraceEntry, VoicemailGreeting } from './types';

export function decide(call: CallInput, configuration: RoutingConfiguration, now: Date): Decision {
  const index = indexBundle(configuration);
  const input: CalledPair = { to: call.to.trim(), from: call.from.trim() };
  const { caller, callerCount } = call;
  const found = index.numbers.get(input.to);
  const workspace = found?.workspace;
  const contact = found && !caller.withheld ? found.contacts.get(caller.number) : undefined;
  const hours = workspace?.businessHours ? checkBusinessHours(workspace.businessHours, workspace.timeZone, now) : null;
  const context: RuleContext = { call: input, caller, hours };
  if (found) context.found = found;
  if (contact) context.contact = contact;
  if (callerCount) context.callerCount = callerCount;

  const trace: TraceEntry[] = [];
  for (const rule of RULES) {
    const verdict = rule.evaluate(context);
    if (!verdict.applies) {
      trace.push({ rule: rule.id, applied: false, reason: verdict.reason });
      continue;
    }
    let targets: Target[] = [];
    let dropped: DroppedTarget[] = [];
    if (verdict.outcome.kind === 'ring') {
      const own = withoutCaller(verdict.outcome.candidates, caller, workspace?.users ?? []);
      const selection = selectLegs(own.kept, input.to, index.routedNumbers);
      if (selection.kept.length === 0) {
        const why = [...own.dropped, ...selection.dropped].map((drop) => drop.detail).join('; ');
        trace.push({ rule: rule.id, applied: false, reason: `${verdict.reason}, but nothing is left to ring: ${why}` });
        continue;
      }
      targets = selection.kept;
      dropped = own.dropped.length ? [...own.dropped, ...selection.dropped] : selection.dropped;
    }
    trace.push({ rule: rule.id, applied: true, reason: verdict.reason });
    return buildDecision({ input, now, caller, workspace, found, outcome: verdict.outcome, rule: rule.id, targets, dropped, trace, hours });
  }
  throw new Error('The routing table has no rule that always applies; its last rule must be the default.');
}

/** The spoken default greeting; without a business name (nothing could be loaded) it names nobody. */
export const defaultGreetingText = (businessName: string | null) =>
  `${businessName ? `You have reached ${businessName}. ` : ''}Nobody can take your call right now. Please leave a message after the tone.`;

/** The rung user's greeting, else the company's, else a spoken default. */
export function voicemailGreeting(owner: User | null, workspace: Workspace): VoicemailGreeting {
  if (owner?.voicemail.greetingUrl) return { kind: 'audio', url: owner.voicemail.greetingUrl, owner: owner.id };
  if (owner?.voicemail.greetingText) return { kind: 'text', text: owner.voicemail.greetingText, owner: owner.id };
  if (workspace.voicemail.greetingUrl) return { kind: 'audio', url: workspace.voicemail.greetingUrl, owner: 'company' };
  if (workspace.voicemail.greetingText) return { kind: 'text', text: workspace.voicemail.greetingText, owner: 'company' };
  return { kind: 'default', text: defaultGreetingText(workspace.name), owner: 'default' };
}

interface DecisionParts {
  input: CalledPair;
  now: Date;
  caller: CallerNumber;
  workspace: Workspace | undefined;
  found: RuleContext['found'];
  outcome: Outcome;
  rule: Decision['rule'];
  targets: Target[];
  dropped: DroppedTarget[];
  trace: TraceEntry[];
  hours: ReturnType<typeof checkBusinessHours> | null;
}

/** What the decision says beyond the call and its trace: the action and the number's settings. */
type DecisionSettings = Pick<
  Decision,
  'action' | 'rejectReason' | 'workspace' | 'callerId' | 'timeout' | 'record' | 'callConnect' | 'voicemail' | 'notes'
>;

/** The decision object, built in one go rather than spread together (key order is the `explain --json` order). */
function buildDecision(parts: DecisionParts): Decision {
  const { input, workspace, found, outcome } = parts;
  const settings =
    outcome.kind === 'reject' || !found || !workspace ? rejectedSettings(workspace, outcome) : numberSettings(parts, found, workspace);
  return {
    rule: parts.rule,
    to: input.to,
    from: input.from,
    at: isoInstant(parts.now),
    callerWithheld: parts.caller.withheld,
    tiers: settings.action === 'dial' && parts.targets.length ? [togetherTier(parts.targets, settings.timeout)] : [],
    gather: null,
    menu: null,
    screening: null,
    wants: [],
    textBack: settings.action !== 'reject',
    trace: parts.trace,
    targets: parts.targets,
    dropped: parts.dropped,
    action: settings.action,
    rejectReason: settings.rejectReason,
    workspace: settings.workspace,
    callerId: settings.callerId,
    timeout: settings.timeout,
    record: settings.record,
    callConnect: settings.callConnect,
    voicemail: settings.voicemail,
    notes: settings.notes,
  };
}

/** Every leg at once for the whole timeout: the one tier of a route that rings its legs together. */
function togetherTier(legs: Target[], timeout: number | null): Tier {
  const users: string[] = [];
  for (const leg of legs) if (leg.user && !users.includes(leg.user)) users.push(leg.user);
  return { legs, seconds: timeout ?? DEFAULT_TIMEOUT_SECONDS, users, label: 'together' };
}

function rejectedSettings(workspace: Workspace | undefined, outcome: Outcome): DecisionSettings {
  return {
    action: 'reject',
    rejectReason: outcome.kind === 'reject' ? outcome.reason : 'rejected',
    workspace: workspace?.id ?? null,
    callerId: null,
    timeout: null,
    record: { enabled: false, announcement: null },
    callConnect: { enabled: false, whisper: null },
    voicemail: null,
    notes: [],
  };
}

function numberSettings(parts: DecisionParts, found: NonNullable<RuleContext['found']>, workspace: Workspace): DecisionSettings {
  const { caller, outcome, targets } = parts;
  const { number } = found;
  const notes: string[] = [];
  let callerId: string;
  if (number.passCalledNumberAsCallerId) {
    callerId = number.number;
    notes.push(`caller ID: the called number ${number.number} ("pass called number as caller ID" is on)`);
  } else if (caller.withheld) {
    callerId = number.number;
    notes.push(`caller ID: the called number ${number.number}, because ${caller.reason}`);
  } else {
    callerId = caller.number;
    notes.push(`caller ID: the caller's own number ${caller.number}`);
  }

  let timeout: number;
  if (number.inboundTimeout !== null) {
    timeout = number.inboundTimeout;
    notes.push(`timeout: ${timeout} s, the number's inbound timeout`);
  } else if (workspace.inbound.timeout !== null) {
    timeout = workspace.inbound.timeout;
    notes.push(`timeout: ${timeout} s, the workspace's inbound timeout`);
  } else {
    timeout = DEFAULT_TIMEOUT_SECONDS;
    notes.push(`timeout: ${timeout} s, the default (no inbound timeout set)`);
  }
  if (parts.hours) notes.push(`business hours: ${parts.hours.open ? 'open' : 'closed'}, ${parts.hours.reason}`);

  const record = { ...number.recording };
  const callConnect = { ...number.callConnect };
  if (outcome.kind === 'ring') {
    if (record.enabled)
      notes.push(`recording: on${record.announcement ? ', the caller hears the announcement first' : ', no announcement set'}`);
    let phones = 0;
    for (const target of targets) if (target.kind === 'number') phones += 1;
    if (callConnect.enabled && phones > 0) {
      notes.push(`call connect: ${phones} phone leg${phones === 1 ? '' : 's'} hear the whisper and must press a key; app legs do not`);
    }
  }
  for (const drop of parts.dropped) notes.push(`dropped ${drop.reason}: ${drop.detail}`);

  let voicemail: Decision['voicemail'] = null;
  if (outcome.kind !== 'hangup') {
    const greetingOwner = outcome.kind === 'voicemail' || outcome.kind === 'ring' ? outcome.greetingOwner : null;
    // A fresh object from voicemailGreeting: completed in place rather than copied.
    voicemail = voicemailGreeting(greetingOwner, workspace) as NonNullable<Decision['voicemail']>;
    voicemail.maxLengthSeconds = workspace.voicemail.maxLengthSeconds;
  }

  return {
    action: outcome.kind === 'ring' ? 'dial' : outcome.kind,
    rejectReason: null,
    workspace: workspace.id,
    callerId,
    timeout,
    record,
    callConnect,
    voicemail,
    notes,
  };
}
