// Fault injection for the API double: rules that make matching requests fail the ways Twilio (or the network)
// can fail, so tests can prove the code under test copes: a 500, a 429 (code 54009), a hang, a dropped connection.

export type FaultKind =
  /** HTTP 500 with Twilio's error body (code 20500). */
  | 'server-error'
  /** HTTP 429 with code 54009 ("Rate limit exceeded"), as Sync answers past 20 req/s per object. */
  | 'rate-limit'
  /** Never answer; the connection stays open until the double stops. */
  | 'hang'
  /** Close the connection without answering. */
  | 'drop'
  /**
   * Do what the request asks (a create lands), then close the connection without answering: the client cannot
   * tell it from a request that never arrived, as when Twilio commits a write and the answer is lost or late.
   */
  | 'applied-then-drop';

export type Product = 'sync' | 'api' | 'verify' | 'serverless' | 'pricing';

export interface FaultRequest {
  method: string;
  product: Product;
  /** The path with its product first, as the client addressed it: /sync/v1/Services/IS…/Documents */
  path: string;
  /** The request's form parameters (a Sync item's `Key`, a message's `To`), for a predicate that needs them. */
  params?: Readonly<Record<string, string | string[]>>;
}

export interface FaultRule {
  kind: FaultKind;
  /** Which requests: a RegExp or substring tested on `path` (e.g. /\/Documents/), or a predicate. Default: all. */
  match?: RegExp | string | ((request: FaultRequest) => boolean);
  /** Only this HTTP method (case-insensitive). */
  method?: string;
  /** Only this product. */
  product?: Product;
  /** Apply to this many matching requests, then stop matching. Default: every matching request. */
  times?: number;
}

interface ActiveRule extends FaultRule {
  id: number;
  applied: number;
}

export interface AppliedFault {
  ruleId: number;
  kind: FaultKind;
  request: FaultRequest;
}

/** The rules in force, first match wins. `set` replaces them all, `add` appends one, `clear` removes them. */
export class FaultRegistry {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private readonly log: AppliedFault[] = [];

  /** Replaces every rule with this one; returns its id. */
  set(rule: FaultRule): number {
    this.rules = [];
    return this.add(rule);
  }

  /** Adds a rule after the existing ones; returns its id. */
  add(rule: FaultRule): number {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new RangeError(`fault rule "times" must be a positive integer, got ${rule.times}`);
    }
    const id = this.nextId++;
    this.rules.push({ ...rule, id, applied: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((rule) => rule.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  /** Every fault applied so far, in order. */
  applied(): readonly AppliedFault[] {
    return this.log;
  }

  /** The fault for this request, if a rule matches (and counts it against the rule's `times`). */
  take(request: FaultRequest): FaultKind | undefined {
    const rule = this.rules.find((candidate) => matches(candidate, request));
    if (!rule) return undefined;
    rule.applied += 1;
    if (rule.times !== undefined && rule.applied >= rule.times) this.remove(rule.id);
    this.log.push({ ruleId: rule.id, kind: rule.kind, request });
    return rule.kind;
  }
}

function matches(rule: ActiveRule, request: FaultRequest): boolean {
  if (rule.method && rule.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (rule.product && rule.product !== request.product) return false;
  const { match } = rule;
  if (match === undefined) return true;
  if (typeof match === 'string') return request.path.includes(match);
  if (match instanceof RegExp) {
    match.lastIndex = 0;
    return match.test(request.path);
  }
  return match(request);
}
