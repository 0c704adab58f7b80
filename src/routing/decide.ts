// decide(call, configuration, now): runs the rule table for one call and returns the plan with its trace.
// Pure: no I/O, no clock (the instant is an argument), no Twilio import.
import { DEFAULT_TIMEOUT_SECONDS } from '../config/constants';
import type { PhoneNumber, User, Workspace } from '../config/types';
import { withoutCaller, type CallerNumber } from './caller';
import { checkBusinessHours } from './hours';
import { legLabel, selectLegs } from './legs';
import { indexBundle, type RoutingConfiguration } from './lookup';
import type { Outcome, RuleContext, VerdictNotes } from './rule-kit';
import { RULES } from './rules';
import { describeTiers, fitTiers, type PlannedTier } from './tiers';
import { isoInstant } from './time-text';
import type {
  CalledPair,
  CallInput,
  Decision,
  DroppedTarget,
  MenuPath,
  ScreeningResult,
  Target,
  Tier,
  TraceEntry,
  VoicemailGreeting,
  WantedInput,
} from './types';

export function decide(call: CallInput, configuration: RoutingConfiguration, now: Date): Decision {
  const index = indexBundle(configuration);
  const input: CalledPair = { to: call.to.trim(), from: call.from.trim() };
  const { caller, callerCount } = call;
  const found = index.numbers.get(input.to);
  const workspace = found?.workspace;
  const contact = found && !caller.withheld ? found.contacts.get(caller.number) : undefined;
  const hours = workspace?.businessHours ? checkBusinessHours(workspace.businessHours, workspace.timeZone, now) : null;
  const timeout = found && workspace ? ringSeconds(found.number, workspace) : null;
  const presses = call.presses ?? [];
  const budget = timeout ?? DEFAULT_TIMEOUT_SECONDS;
  const context: RuleContext = { call: input, caller, now, hours, presses, budget };
  if (found) context.found = found;
  if (contact) context.contact = contact;
  if (callerCount) context.callerCount = callerCount;
  if (call.stir !== undefined) context.stir = call.stir;
  if (call.rotation) context.rotation = call.rotation;
  if (call.lastAnswered) context.lastAnswered = call.lastAnswered;

  const trace: TraceEntry[] = [];
  const asked: Asked = { wants: [], screening: null, menu: null };
  let taken = 0;
  /** Tiers a rule asked to ring first, before the route as usual (the sticky agent), and that rule. */
  let lead: { rule: Decision['rule']; tiers: Tier[]; dropped: DroppedTarget[] } | null = null;
  const filter = { caller, users: workspace?.users ?? [], to: input.to, routedNumbers: index.routedNumbers };
  for (const rule of RULES) {
    if (taken) context.presses = presses.slice(taken);
    if (lead) context.budget = budget - secondsOf(lead.tiers);
    const verdict = rule.evaluate(context);
    if (verdict.consumed) taken += verdict.consumed;
    if (verdict.wants || verdict.screening || verdict.menu) noteAsked(asked, verdict);
    if (!verdict.applies) {
      trace.push({ rule: rule.id, applied: false, reason: verdict.reason });
      continue;
    }
    let outcome = verdict.outcome;
    let tiers: Tier[] = [];
    let dropped: DroppedTarget[] = [];
    if (outcome.kind === 'ring') {
      const ring = filteredTiers(outcome.tiers, filter);
      if (ring.tiers.length === 0) {
        const why = ring.dropped.map((drop) => drop.detail).join('; ');
        trace.push({ rule: rule.id, applied: false, reason: `${verdict.reason}, but nothing is left to ring: ${why}` });
        continue;
      }
      const fitted = fitTiers(ring.tiers, context.budget);
      tiers = fitted.tiers;
      dropped = ring.dropped;
      const reason = fitted.notReached.length
        ? `${verdict.reason} (not reached within the ${budget} s timeout: ${fitted.notReached.join('; ')})`
        : verdict.reason;
      trace.push({ rule: rule.id, applied: true, reason });
      if (outcome.thenRest && !lead) {
        lead = { rule: rule.id, tiers, dropped };
        continue;
      }
    } else {
      trace.push({ rule: rule.id, applied: true, reason: verdict.reason });
    }
    let decidedBy: Decision['rule'] = rule.id;
    if (lead) {
      // The tiers rung first, then what the route as usual rings; its voicemail follows (or none when it hangs up).
      decidedBy = lead.rule;
      tiers = [...lead.tiers, ...tiers];
      dropped = [...lead.dropped, ...dropped];
      const greetingOwner = outcome.kind === 'ring' || outcome.kind === 'voicemail' ? outcome.greetingOwner : null;
      outcome = { kind: 'ring', tiers: [], greetingOwner, ...(outcome.kind === 'hangup' ? { noVoicemail: true } : {}) };
    }
    return buildDecision({ input, now, caller, workspace, found, outcome, rule: decidedBy, tiers, dropped, trace, hours, asked });
  }
  throw new Error('The routing table has no rule that always applies; its last rule must be the default.');
}

/** What the rules asked for and reported as the call went down the table. */
interface Asked {
  wants: WantedInput[];
  screening: ScreeningResult | null;
  menu: MenuPath | null;
}

function noteAsked(asked: Asked, verdict: VerdictNotes): void {
  if (verdict.wants && !asked.wants.includes(verdict.wants)) asked.wants.push(verdict.wants);
  if (verdict.screening) asked.screening = verdict.screening;
  if (verdict.menu) asked.menu = verdict.menu;
}

const secondsOf = (tiers: readonly Tier[]) => tiers.reduce((sum, tier) => sum + tier.seconds, 0);

/** Each planned tier through the leg filter (never the caller, no loops, each destination once, 10 legs); empty tiers go. */
function filteredTiers(
  planned: readonly PlannedTier[],
  filter: { caller: CallerNumber; users: readonly User[]; to: string; routedNumbers: ReadonlySet<string> },
) {
  const tiers: (Omit<PlannedTier, 'candidates'> & { legs: Target[] })[] = [];
  const dropped: DroppedTarget[] = [];
  for (const tier of planned) {
    const own = withoutCaller(tier.candidates, filter.caller, filter.users);
    const selection = selectLegs(own.kept, filter.to, filter.routedNumbers);
    for (const drop of own.dropped) dropped.push(drop);
    for (const drop of selection.dropped) dropped.push(drop);
    if (selection.kept.length) tiers.push({ legs: selection.kept, users: tier.users, label: tier.label, seconds: tier.seconds });
  }
  return { tiers, dropped };
}

/** How long the whole ring may last: the number's inbound timeout, else the workspace's, else the default. */
function ringSeconds(number: PhoneNumber, workspace: Workspace): number {
  return number.inboundTimeout ?? workspace.inbound.timeout ?? DEFAULT_TIMEOUT_SECONDS;
}

/** The inbound timeout and where it came from, for the decision's notes. */
function ringTimeout(number: PhoneNumber, workspace: Workspace): { seconds: number; note: string } {
  if (number.inboundTimeout !== null)
    return { seconds: number.inboundTimeout, note: `timeout: ${number.inboundTimeout} s, the number's inbound timeout` };
  if (workspace.inbound.timeout !== null) {
    return { seconds: workspace.inbound.timeout, note: `timeout: ${workspace.inbound.timeout} s, the workspace's inbound timeout` };
  }
  return { seconds: DEFAULT_TIMEOUT_SECONDS, note: `timeout: ${DEFAULT_TIMEOUT_SECONDS} s, the default (no inbound timeout set)` };
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
  outcome: Outcome | { kind: 'ring'; tiers: []; greetingOwner: User | null; noVoicemail?: boolean };
  rule: Decision['rule'];
  tiers: Tier[];
  dropped: DroppedTarget[];
  trace: TraceEntry[];
  hours: ReturnType<typeof checkBusinessHours> | null;
  asked: Asked;
}

/** What the decision says beyond the call and its trace: the action and the number's settings. */
type DecisionSettings = Pick<
  Decision,
  'action' | 'rejectReason' | 'workspace' | 'callerId' | 'timeout' | 'record' | 'callConnect' | 'voicemail' | 'notes'
>;

/** The decision object, built in one go rather than spread together (key order is the `explain --json` order). */
function buildDecision(parts: DecisionParts): Decision {
  const { input, workspace, found, outcome, asked } = parts;
  const settings =
    outcome.kind === 'reject' || !found || !workspace ? rejectedSettings(workspace, outcome) : numberSettings(parts, found, workspace);
  const screened = asked.screening !== null && asked.screening.verdict !== 'passed';
  return {
    rule: parts.rule,
    to: input.to,
    from: input.from,
    at: isoInstant(parts.now),
    callerWithheld: parts.caller.withheld,
    tiers: settings.action === 'dial' ? parts.tiers : [],
    gather: outcome.kind === 'gather' ? outcome.prompt : null,
    menu: asked.menu,
    screening: asked.screening,
    wants: asked.wants,
    textBack: settings.action !== 'reject' && !screened,
    trace: parts.trace,
    targets: settings.action === 'dial' ? legsOfTiers(parts.tiers) : [],
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

/** Every leg of the tiers, each destination once, in the order first rung. */
function legsOfTiers(tiers: readonly Tier[]): Target[] {
  if (tiers.length === 1) return (tiers[0] as Tier).legs;
  const legs: Target[] = [];
  for (const tier of tiers) for (const leg of tier.legs) if (!legs.some((kept) => legLabel(kept) === legLabel(leg))) legs.push(leg);
  return legs;
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
  const { caller, outcome } = parts;
  const targets = legsOfTiers(parts.tiers);
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

  const ring = ringTimeout(number, workspace);
  const timeout = ring.seconds;
  notes.push(ring.note);
  if (outcome.kind === 'ring' && parts.tiers.length > 1) notes.push(`tiers: ${describeTiers(parts.tiers)}`);
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
  if (outcome.kind !== 'hangup' && outcome.kind !== 'gather' && !('noVoicemail' in outcome && outcome.noVoicemail)) {
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
