// The routing module's public surface. Pure: nothing here does I/O, reads the clock or imports Twilio.
export { decide, defaultGreetingText, voicemailGreeting } from './decide';
export { formatDecision } from './explain';
export { RULES, overCallerLimit, type Rule, type RuleContext, type Verdict } from './rules';
export { classifyCaller, type CallerNumber } from './caller';
export { checkBusinessHours, localTime, type OpeningCheck, type LocalTime } from './hours';
export { MAX_DIAL_LEGS, clientIdentity, extensionDigits, legLabel, legsForUser, selectLegs, describeTarget } from './legs';
export { indexBundle, type BundleIndex, type RoutingConfiguration } from './lookup';
export { replayImpact, type ImpactReport, type PastCall, type RouteChange } from './impact';
export type * from './types';
