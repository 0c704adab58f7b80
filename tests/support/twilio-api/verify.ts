// Twilio Verify v2 in the API double: Verifications (a code "texted": recorded, never sent) and VerificationCheck,
// with Twilio's behaviour: a pending verification per service and phone, 10 minutes to use it, approved once, 404
// (20404) when none is pending, 429 (60202) after 5 wrong codes. Tests read the code as the phone would receive it.
import { TwilioApiError, badRequest, notFound } from './errors';
import { type Params, newSid, param } from './format';
import type { DoubleRequest, DoubleResponse, PathParams, RouteTable } from './routes';

const BASE = 'https://verify.twilio.com/v2';
const LIFETIME_MS = 10 * 60_000;
const MAX_CHECKS = 5;
const CHANNELS = new Set(['sms', 'call', 'email', 'whatsapp', 'sna', 'auto']);

export interface VerificationRecord {
  sid: string;
  serviceSid: string;
  to: string;
  channel: string;
  code: string;
  status: 'pending' | 'approved' | 'canceled' | 'expired';
  checks: number;
  created: number;
  updated: number;
}

export class VerifyState {
  /** Every verification started, oldest first (each is what one text would have carried). */
  readonly verifications: VerificationRecord[] = [];

  constructor(private readonly accountSid: () => string) {}

  register(routes: RouteTable): void {
    routes
      .add('POST', '/v2/Services/{ServiceSid}/Verifications', (req, p) => this.create(req, p))
      .add('POST', '/v2/Services/{ServiceSid}/VerificationCheck', (req, p) => this.check(req, p));
  }

  /** The code last texted to `to`, as the phone would read it. */
  lastCode(to: string): string | undefined {
    return [...this.verifications].reverse().find((record) => record.to === to)?.code;
  }

  private pending(serviceSid: string, to: string, now: number): VerificationRecord | undefined {
    const record = [...this.verifications]
      .reverse()
      .find((candidate) => candidate.serviceSid === serviceSid && candidate.to === to && candidate.status === 'pending');
    if (record && now - record.created > LIFETIME_MS) {
      record.status = 'expired';
      return undefined;
    }
    return record;
  }

  private create(req: DoubleRequest, p: PathParams): DoubleResponse {
    const to = required(req.body, 'To');
    const channel = required(req.body, 'Channel');
    if (!CHANNELS.has(channel)) throw badRequest(`Invalid parameter: Channel ${channel}`, 60200);
    const existing = this.pending(p.ServiceSid!, to, req.now);
    // Twilio re-sends the same pending verification (same sid) rather than starting another.
    const record: VerificationRecord = existing ?? {
      sid: newSid('VE'),
      serviceSid: p.ServiceSid!,
      to,
      channel,
      code: String(Math.floor(100000 + Math.random() * 900000)),
      status: 'pending',
      checks: 0,
      created: req.now,
      updated: req.now,
    };
    if (existing) existing.updated = req.now;
    else this.verifications.push(record);
    return {
      status: 201,
      body: {
        ...this.render(record),
        lookup: {},
        send_code_attempts: [{ time: new Date(req.now).toISOString(), channel }],
        sna: null,
        url: `${BASE}/Services/${record.serviceSid}/Verifications/${record.sid}`,
      },
    };
  }

  private check(req: DoubleRequest, p: PathParams): DoubleResponse {
    const to = required(req.body, 'To');
    const code = required(req.body, 'Code');
    const record = this.pending(p.ServiceSid!, to, req.now);
    if (!record) throw notFound(req.path);
    record.checks += 1;
    record.updated = req.now;
    if (record.checks > MAX_CHECKS) {
      record.status = 'canceled';
      throw new TwilioApiError(429, 60202, 'Max check attempts reached');
    }
    if (code === record.code) record.status = 'approved';
    return { status: 200, body: { ...this.render(record), sna_attempts_error_codes: [] } };
  }

  private render(record: VerificationRecord) {
    return {
      sid: record.sid,
      service_sid: record.serviceSid,
      account_sid: this.accountSid(),
      to: record.to,
      channel: record.channel,
      status: record.status,
      valid: record.status === 'approved',
      amount: null,
      payee: null,
      date_created: new Date(record.created).toISOString(),
      date_updated: new Date(record.updated).toISOString(),
    };
  }
}

function required(params: Params, name: string): string {
  const value = param(params, name);
  if (!value) throw badRequest(`Missing required parameter ${name} in the post body`, 60200);
  return value;
}
