// Twilio's 2010-04-01 API in the API double: Messages (recorded, never sent; a test moves them through their
// delivery statuses), AvailablePhoneNumbers (Local, TollFree, Mobile; a seeded inventory tests can extend),
// IncomingPhoneNumbers (buy, update, release), and Recordings and Transcriptions (made by a call's <Record>,
// which tests add, then read back and delete through the API).
import { badRequest, notFound } from './errors';
import { type Params, boolParam, intParam, newSid, pageOf, pageQuery, param, rfc2822Date } from './format';
import type { DoubleRequest, DoubleResponse, PathParams, RouteTable } from './routes';

const ACCOUNT = '/2010-04-01/Accounts/{AccountSid}';
const E164 = /^\+[1-9]\d{6,14}$/;

export type NumberType = 'Local' | 'TollFree' | 'Mobile';

export interface Capabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

export interface AvailableNumber {
  phoneNumber: string;
  type: NumberType;
  isoCountry: string;
  friendlyName?: string;
  locality?: string | null;
  region?: string | null;
  postalCode?: string | null;
  rateCenter?: string | null;
  lata?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  addressRequirements?: 'none' | 'any' | 'local' | 'foreign';
  beta?: boolean;
  capabilities: Capabilities;
}

/** A call placed through the Calls API (outbound-api): what it was asked to do, as Twilio keeps it. */
export interface OutboundCallRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** The inline TwiML (`Twiml`) or the URL (`Url`) it was given. */
  twiml: string | null;
  url: string | null;
  created: number;
}

export interface MessageRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  status: MessageStatus;
  /** Twilio's error code once a text has failed or is undelivered (30007, 30034...). */
  errorCode: number | null;
  created: number;
  updated: number;
  /** Every parameter as sent, for assertions on anything else. */
  params: Params;
}

export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'canceled';

export interface RecordingRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  durationSeconds: number;
  source: 'RecordVerb' | 'DialVerb';
  status: 'completed' | 'processing' | 'absent';
  created: number;
}

export interface TranscriptionRecord {
  sid: string;
  accountSid: string;
  recordingSid: string;
  status: 'in-progress' | 'completed' | 'failed';
  text: string | null;
  durationSeconds: number;
  created: number;
  updated: number;
}

export interface IncomingNumberRecord {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  type: NumberType;
  isoCountry: string;
  friendlyName: string;
  capabilities: Capabilities;
  addressRequirements: 'none' | 'any' | 'local' | 'foreign';
  beta: boolean;
  created: number;
  updated: number;
  /** The writable URL/method/sid settings, by their Twilio parameter names (VoiceUrl, SmsMethod, …). */
  settings: Record<(typeof SETTINGS)[number], string | null>;
  voiceCallerIdLookup: boolean;
}

const SETTINGS = [
  'VoiceUrl',
  'VoiceMethod',
  'VoiceFallbackUrl',
  'VoiceFallbackMethod',
  'VoiceApplicationSid',
  'SmsUrl',
  'SmsMethod',
  'SmsFallbackUrl',
  'SmsFallbackMethod',
  'SmsApplicationSid',
  'StatusCallback',
  'StatusCallbackMethod',
  'TrunkSid',
  'IdentitySid',
  'AddressSid',
  'BundleSid',
  'EmergencyAddressSid',
] as const;

const _TYPE_BY_PATH: Record<string, NumberType> = { Local: 'Local', TollFree: 'TollFree', Mobile: 'Mobile' };
const KEYPAD: Record<string, string> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) => [...letters].map((l) => [l, String(i + 2)])),
);

/** A US-style "(415) 555-0100", else the number itself. */
function friendly(phoneNumber: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phoneNumber);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : phoneNumber;
}

/** The seeded inventory: fictional 555-01xx numbers in the US, Ofcom drama ranges in GB. */
export function defaultInventory(): AvailableNumber[] {
  const all: AvailableNumber[] = [];
  const full: Capabilities = { voice: true, sms: true, mms: true, fax: false };
  const places = [
    { areaCode: '415', locality: 'San Francisco', region: 'CA', postalCode: '94103', latitude: 37.77, longitude: -122.41 },
    { areaCode: '510', locality: 'Oakland', region: 'CA', postalCode: '94612', latitude: 37.8, longitude: -122.27 },
    { areaCode: '212', locality: 'New York', region: 'NY', postalCode: '10001', latitude: 40.75, longitude: -73.99 },
  ];
  for (const place of places) {
    for (let i = 0; i < 5; i++) {
      all.push({
        phoneNumber: `+1${place.areaCode}55501${String(10 + i)}`,
        type: 'Local',
        isoCountry: 'US',
        locality: place.locality,
        region: place.region,
        postalCode: place.postalCode,
        rateCenter: place.locality.toUpperCase().replace(/\s+/g, ''),
        latitude: place.latitude,
        longitude: place.longitude,
        capabilities: full,
      });
    }
  }
  // Voice-only local numbers, for "number without SMS" cases.
  for (let i = 0; i < 3; i++) {
    all.push({
      phoneNumber: `+1808555012${i}`,
      type: 'Local',
      isoCountry: 'US',
      locality: 'Hilo',
      region: 'HI',
      postalCode: '96720',
      capabilities: { voice: true, sms: false, mms: false, fax: false },
    });
  }
  for (const prefix of ['800', '888']) {
    for (let i = 0; i < 3; i++) {
      all.push({ phoneNumber: `+1${prefix}55501${30 + i}`, type: 'TollFree', isoCountry: 'US', capabilities: { ...full, mms: false } });
    }
  }
  for (let i = 0; i < 3; i++) {
    all.push({
      phoneNumber: `+44207946010${i}`,
      type: 'Local',
      isoCountry: 'GB',
      locality: 'London',
      region: 'London',
      addressRequirements: 'any',
      capabilities: { voice: true, sms: false, mms: false, fax: false },
    });
    all.push({
      phoneNumber: `+44770090010${i}`,
      type: 'Mobile',
      isoCountry: 'GB',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
    });
  }
  return all;
}

/**
 * A recording's audio as the double serves it: an MP3 file's ID3v2.4 header (`ID3`, version, flags, the tag's
 * size as a syncsafe integer), then the recording's SID as the tag's content, so a test can tell which recording
 * it got. Every byte is below 0x80: Prism's proxy passes a non-JSON body on as text, which would garble bytes that
 * are not UTF-8 (an MPEG frame's 0xFF sync), though Twilio sends them untouched.
 */
export function recordingAudio(recording: Pick<RecordingRecord, 'sid'>): Buffer {
  const content = Buffer.from(recording.sid, 'ascii');
  const size = content.length;
  return Buffer.concat([
    Buffer.from('ID3', 'ascii'),
    Buffer.from([4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]),
    content,
  ]);
}

/** The 2010-04-01 API state of the double, and the handlers that serve it. */
export class Api2010State {
  readonly messages: MessageRecord[] = [];
  readonly calls: OutboundCallRecord[] = [];
  readonly recordings = new Map<string, RecordingRecord>();
  readonly transcriptions = new Map<string, TranscriptionRecord>();
  readonly incomingNumbers = new Map<string, IncomingNumberRecord>();
  readonly available: AvailableNumber[] = defaultInventory();
  /** When true, a Message's From must be one of the account's numbers with SMS (Twilio's 21606 otherwise). */
  requireOwnedFrom = false;
  /** Recipients who replied STOP at the carrier: a Message to one of them fails with Twilio's 21610. */
  readonly unsubscribed = new Set<string>();

  constructor(private readonly accountSid: () => string) {}

  /** Adds numbers to the inventory AvailablePhoneNumbers searches and IncomingPhoneNumbers buys from. */
  addAvailable(...numbers: AvailableNumber[]): void {
    this.available.push(...numbers);
  }

  /** Makes a number the account's own without HTTP (test setup); it leaves the inventory if it was there. */
  addIncoming(
    phoneNumber: string,
    now: number,
    options: Partial<Pick<AvailableNumber, 'type' | 'isoCountry' | 'capabilities'>> = {},
  ): IncomingNumberRecord {
    const offered = this.takeAvailable(phoneNumber);
    return this.own(
      offered ?? {
        phoneNumber,
        type: options.type ?? 'Local',
        isoCountry: options.isoCountry ?? 'US',
        capabilities: options.capabilities ?? { voice: true, sms: true, mms: true, fax: false },
      },
      now,
    );
  }

  /** Moves a message on as a carrier would (sent, delivered, or undelivered/failed with Twilio's error code). */
  setMessageStatus(sid: string, status: MessageStatus, now: number, errorCode: number | null = null): MessageRecord {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message) throw new Error(`the double has no message ${sid}`);
    message.status = status;
    message.errorCode = errorCode;
    message.updated = now;
    return message;
  }

  /** A recording a call's <Record> (or a recorded <Dial>) made, with its transcription when one is given. */
  addRecording(
    callSid: string,
    now: number,
    options: { durationSeconds?: number; source?: RecordingRecord['source']; transcript?: string | null } = {},
  ): { recording: RecordingRecord; transcription?: TranscriptionRecord } {
    const recording: RecordingRecord = {
      sid: newSid('RE'),
      accountSid: this.accountSid(),
      callSid,
      durationSeconds: options.durationSeconds ?? 10,
      source: options.source ?? 'RecordVerb',
      status: 'completed',
      created: now,
    };
    this.recordings.set(recording.sid, recording);
    if (options.transcript === undefined) return { recording };
    const transcription: TranscriptionRecord = {
      sid: newSid('TR'),
      accountSid: recording.accountSid,
      recordingSid: recording.sid,
      status: options.transcript === null ? 'failed' : 'completed',
      text: options.transcript,
      durationSeconds: recording.durationSeconds,
      created: now,
      updated: now,
    };
    this.transcriptions.set(transcription.sid, transcription);
    return { recording, transcription };
  }

  register(routes: RouteTable): void {
    routes
      .add('POST', `${ACCOUNT}/Messages.json`, (req, p) => this.messageCreate(req, p))
      .add('GET', `${ACCOUNT}/Messages.json`, (req, p) => this.messageList(req, p))
      .add('GET', `${ACCOUNT}/Messages/{Sid}.json`, (req, p) => ok(this.renderMessage(this.message(req, p))))
      .add('DELETE', `${ACCOUNT}/Messages/{Sid}.json`, (req, p) => this.messageDelete(req, p));
    routes.add('POST', `${ACCOUNT}/Calls.json`, (req, p) => this.callCreate(req, p));
    routes
      .add('GET', `${ACCOUNT}/Recordings.json`, (req, p) => this.recordingList(req, p, param(req.query, 'CallSid')))
      .add('GET', `${ACCOUNT}/Calls/{CallSid}/Recordings.json`, (req, p) => this.recordingList(req, p, p.CallSid))
      .add('GET', `${ACCOUNT}/Recordings/{Sid}.json`, (req, p) => ok(this.renderRecording(this.recording(req, p))))
      .add('GET', `${ACCOUNT}/Recordings/{Sid}.mp3`, (req, p) => ({
        status: 200,
        headers: { 'Content-Type': 'audio/mpeg' },
        body: recordingAudio(this.recording(req, p)),
      }))
      .add('GET', `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`, (req, p) => ok(this.renderRecording(this.recording(req, p))))
      .add('DELETE', `${ACCOUNT}/Recordings/{Sid}.json`, (req, p) => this.recordingDelete(req, p))
      .add('GET', `${ACCOUNT}/Transcriptions.json`, (req, p) => this.transcriptionList(req, p, undefined))
      .add('GET', `${ACCOUNT}/Recordings/{RecordingSid}/Transcriptions.json`, (req, p) => this.transcriptionList(req, p, p.RecordingSid))
      .add('GET', `${ACCOUNT}/Transcriptions/{Sid}.json`, (req, p) => ok(this.renderTranscription(this.transcription(req, p))))
      .add('GET', `${ACCOUNT}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json`, (req, p) =>
        ok(this.renderTranscription(this.transcription(req, p))),
      )
      .add('DELETE', `${ACCOUNT}/Transcriptions/{Sid}.json`, (req, p) => this.transcriptionDelete(req, p));
    for (const type of ['Local', 'TollFree', 'Mobile'] as const) {
      routes
        .add('GET', `${ACCOUNT}/AvailablePhoneNumbers/{CountryCode}/${type}.json`, (req, p) => this.availableList(req, p, type))
        .add('POST', `${ACCOUNT}/IncomingPhoneNumbers/${type}.json`, (req, p) => this.incomingCreate(req, p, type))
        .add('GET', `${ACCOUNT}/IncomingPhoneNumbers/${type}.json`, (req, p) => this.incomingList(req, p, type));
    }
    routes
      .add('POST', `${ACCOUNT}/IncomingPhoneNumbers.json`, (req, p) => this.incomingCreate(req, p, undefined))
      .add('GET', `${ACCOUNT}/IncomingPhoneNumbers.json`, (req, p) => this.incomingList(req, p, undefined))
      .add('GET', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, (_req, p) => ok(this.renderIncoming(this.incoming(p))))
      .add('POST', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, (req, p) => this.incomingUpdate(req, p))
      .add('DELETE', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, (_req, p) => this.incomingDelete(p));
  }

  // ---- Messages ----

  private message(req: DoubleRequest, p: PathParams): MessageRecord {
    const message = this.messages.find((m) => m.sid === p.Sid);
    if (!message) throw notFound(req.path);
    return message;
  }

  private messageCreate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const to = param(req.body, 'To');
    const from = param(req.body, 'From') ?? null;
    const messagingServiceSid = param(req.body, 'MessagingServiceSid') ?? null;
    const body = param(req.body, 'Body') ?? '';
    const mediaUrls = ([] as string[]).concat(req.body.MediaUrl ?? []);
    if (!to) throw badRequest("A 'To' phone number is required.", 21604);
    if (!E164.test(to)) throw badRequest(`The 'To' number ${to} is not a valid phone number.`, 21211);
    if (!from && !messagingServiceSid) throw badRequest("A 'From' phone number is required.", 21603);
    if (!body && mediaUrls.length === 0 && !param(req.body, 'ContentSid')) throw badRequest('Message body is required.', 21602);
    if (body.length > 1600) throw badRequest('The concatenated message body exceeds the 1600 character limit.', 21617);
    if (this.unsubscribed.has(to)) throw badRequest('Attempt to send to unsubscribed recipient', 21610);
    if (from && this.requireOwnedFrom) {
      const owned = [...this.incomingNumbers.values()].find((n) => n.phoneNumber === from);
      if (!owned?.capabilities.sms) {
        throw badRequest(
          `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
          21606,
        );
      }
    }
    const message: MessageRecord = {
      sid: newSid('SM'),
      accountSid: p.AccountSid!,
      to,
      from,
      messagingServiceSid,
      body,
      mediaUrls,
      statusCallback: param(req.body, 'StatusCallback') ?? null,
      // Twilio answers `accepted` for a text sent through a Messaging Service, `queued` for one from a number.
      status: messagingServiceSid ? 'accepted' : 'queued',
      errorCode: null,
      created: req.now,
      updated: req.now,
      params: req.body,
    };
    this.messages.push(message);
    return { status: 201, body: this.renderMessage(message) };
  }

  private callCreate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const to = param(req.body, 'To');
    const from = param(req.body, 'From');
    const twiml = param(req.body, 'Twiml') ?? null;
    const url = param(req.body, 'Url') ?? null;
    if (!to) throw badRequest("A 'To' phone number is required.", 21201);
    if (!from) throw badRequest("A 'From' phone number is required.", 21213);
    if (!twiml && !url && !param(req.body, 'ApplicationSid'))
      throw badRequest('Either a Url, Twiml or ApplicationSid parameter is required.', 21205);
    if (twiml && twiml.length > 4000) throw badRequest('Twiml size exceeded maximum allowed value of 4000 characters', 32018);
    const call: OutboundCallRecord = { sid: newSid('CA'), accountSid: p.AccountSid!, to, from, twiml, url, created: req.now };
    this.calls.push(call);
    const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
    return {
      status: 201,
      body: {
        account_sid: call.accountSid,
        annotation: null,
        answered_by: null,
        api_version: '2010-04-01',
        caller_name: null,
        date_created: rfc2822Date(call.created),
        date_updated: rfc2822Date(call.created),
        direction: 'outbound-api',
        duration: null,
        end_time: null,
        forwarded_from: null,
        from: call.from,
        from_formatted: call.from,
        group_sid: null,
        parent_call_sid: null,
        phone_number_sid: null,
        price: null,
        price_unit: 'USD',
        sid: call.sid,
        start_time: null,
        status: 'queued',
        subresource_uris: { recordings: `${uri}/Recordings.json`, notifications: `${uri}/Notifications.json` },
        to: call.to,
        to_formatted: call.to,
        trunk_sid: null,
        uri: `${uri}.json`,
        queue_time: '0',
      },
    };
  }

  private messageList(req: DoubleRequest, p: PathParams): DoubleResponse {
    const to = param(req.query, 'To');
    const from = param(req.query, 'From');
    const matching = this.messages
      .filter((m) => m.accountSid === p.AccountSid && (!to || m.to === to) && (!from || m.from === from))
      .slice()
      .reverse(); // newest first, as Twilio lists them
    return ok(apiPage(matching, req, 'messages', (m) => this.renderMessage(m)));
  }

  private messageDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    const message = this.message(req, p);
    this.messages.splice(this.messages.indexOf(message), 1);
    return { status: 204 };
  }

  private renderMessage(m: MessageRecord) {
    const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: m.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822Date(m.created),
      date_sent: ['sent', 'delivered', 'undelivered', 'read'].includes(m.status) ? rfc2822Date(m.updated) : null,
      date_updated: rfc2822Date(m.updated),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: String(m.mediaUrls.length),
      num_segments: String(Math.max(1, Math.ceil(m.body.length / 160))),
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: {
        media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json`,
        feedback: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Feedback.json`,
      },
      to: m.to,
      uri,
    };
  }

  // ---- Recordings and Transcriptions ----

  private recording(req: DoubleRequest, p: PathParams): RecordingRecord {
    const recording = this.recordings.get(p.Sid!);
    if (!recording || recording.accountSid !== p.AccountSid || (p.CallSid && recording.callSid !== p.CallSid)) throw notFound(req.path);
    return recording;
  }

  private recordingList(req: DoubleRequest, p: PathParams, callSid: string | undefined): DoubleResponse {
    const matching = [...this.recordings.values()]
      .filter((r) => r.accountSid === p.AccountSid && (!callSid || r.callSid === callSid))
      .reverse();
    return ok(apiPage(matching, req, 'recordings', (r) => this.renderRecording(r)));
  }

  private recordingDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    const recording = this.recording(req, p);
    this.recordings.delete(recording.sid);
    for (const transcription of [...this.transcriptions.values()])
      if (transcription.recordingSid === recording.sid) this.transcriptions.delete(transcription.sid);
    return { status: 204 };
  }

  private renderRecording(r: RecordingRecord) {
    const base = `/2010-04-01/Accounts/${r.accountSid}/Recordings/${r.sid}`;
    return {
      account_sid: r.accountSid,
      api_version: '2010-04-01',
      call_sid: r.callSid,
      conference_sid: null,
      date_created: rfc2822Date(r.created),
      date_updated: rfc2822Date(r.created),
      start_time: rfc2822Date(r.created - r.durationSeconds * 1000),
      duration: String(r.durationSeconds),
      sid: r.sid,
      price: null,
      price_unit: 'USD',
      status: r.status,
      channels: 1,
      source: r.source,
      error_code: null,
      uri: `${base}.json`,
      encryption_details: null,
      subresource_uris: { add_on_results: `${base}/AddOnResults.json`, transcriptions: `${base}/Transcriptions.json` },
      media_url: `https://api.twilio.com${base}`,
    };
  }

  private transcription(req: DoubleRequest, p: PathParams): TranscriptionRecord {
    const transcription = this.transcriptions.get(p.Sid!);
    if (!transcription || transcription.accountSid !== p.AccountSid || (p.RecordingSid && transcription.recordingSid !== p.RecordingSid))
      throw notFound(req.path);
    return transcription;
  }

  private transcriptionList(req: DoubleRequest, p: PathParams, recordingSid: string | undefined): DoubleResponse {
    const matching = [...this.transcriptions.values()]
      .filter((t) => t.accountSid === p.AccountSid && (!recordingSid || t.recordingSid === recordingSid))
      .reverse();
    return ok(apiPage(matching, req, 'transcriptions', (t) => this.renderTranscription(t)));
  }

  private transcriptionDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    this.transcriptions.delete(this.transcription(req, p).sid);
    return { status: 204 };
  }

  private renderTranscription(t: TranscriptionRecord) {
    return {
      account_sid: t.accountSid,
      api_version: '2010-04-01',
      date_created: rfc2822Date(t.created),
      date_updated: rfc2822Date(t.updated),
      duration: String(t.durationSeconds),
      price: null,
      price_unit: 'USD',
      recording_sid: t.recordingSid,
      sid: t.sid,
      status: t.status,
      transcription_text: t.text,
      type: 'fast',
      uri: `/2010-04-01/Accounts/${t.accountSid}/Transcriptions/${t.sid}.json`,
    };
  }

  // ---- AvailablePhoneNumbers ----

  private availableList(req: DoubleRequest, p: PathParams, type: NumberType): DoubleResponse {
    const country = p.CountryCode!.toUpperCase();
    if (!this.available.some((n) => n.isoCountry === country)) throw notFound(req.path);
    const q = req.query;
    const areaCode = intParam(q, 'AreaCode');
    const contains = param(q, 'Contains');
    const pattern = contains ? containsPattern(contains) : undefined;
    const wants = (flag: string, capability: keyof Capabilities, n: AvailableNumber) => {
      const wanted = boolParam(q, flag);
      return wanted === undefined || n.capabilities[capability] === wanted;
    };
    const equalsIfGiven = (name: string, value: string | null | undefined) => {
      const wanted = param(q, name);
      return wanted === undefined || (value ?? '').toLowerCase() === wanted.toLowerCase();
    };
    const found = this.available.filter(
      (n) =>
        n.isoCountry === country &&
        n.type === type &&
        (areaCode === undefined || (country === 'US' || country === 'CA' ? n.phoneNumber.startsWith(`+1${areaCode}`) : true)) &&
        (!pattern || pattern.test(n.phoneNumber.slice(1))) &&
        wants('SmsEnabled', 'sms', n) &&
        wants('MmsEnabled', 'mms', n) &&
        wants('VoiceEnabled', 'voice', n) &&
        wants('FaxEnabled', 'fax', n) &&
        equalsIfGiven('InRegion', n.region) &&
        equalsIfGiven('InPostalCode', n.postalCode) &&
        equalsIfGiven('InLocality', n.locality) &&
        equalsIfGiven('InRateCenter', n.rateCenter) &&
        equalsIfGiven('InLata', n.lata) &&
        (boolParam(q, 'Beta') !== false || !n.beta) &&
        (boolParam(q, 'ExcludeAllAddressRequired') !== true || (n.addressRequirements ?? 'none') !== 'any'),
    );
    const pageSize = Math.min(intParam(q, 'PageSize') ?? 50, 1000);
    return ok({
      available_phone_numbers: found.slice(0, pageSize).map(renderAvailable),
      uri: `${req.path}${Object.keys(q).length ? `?${new URLSearchParams(q as Record<string, string>)}` : ''}`,
    });
  }

  private takeAvailable(phoneNumber: string, type?: NumberType): AvailableNumber | undefined {
    const index = this.available.findIndex((n) => n.phoneNumber === phoneNumber && (!type || n.type === type));
    return index < 0 ? undefined : this.available.splice(index, 1)[0];
  }

  // ---- IncomingPhoneNumbers ----

  private incoming(p: PathParams): IncomingNumberRecord {
    const number = this.incomingNumbers.get(p.Sid!);
    if (!number || number.accountSid !== p.AccountSid)
      throw notFound(`/2010-04-01/Accounts/${p.AccountSid}/IncomingPhoneNumbers/${p.Sid}.json`);
    return number;
  }

  private incomingCreate(req: DoubleRequest, p: PathParams, type: NumberType | undefined): DoubleResponse {
    const phoneNumber = param(req.body, 'PhoneNumber');
    const areaCode = param(req.body, 'AreaCode');
    let offered: AvailableNumber | undefined;
    if (phoneNumber) {
      offered = this.takeAvailable(phoneNumber, type);
      if (!offered) throw badRequest(`Phone number ${phoneNumber} is not available.`, 21422);
    } else if (areaCode) {
      const candidate = this.available.find((n) => n.type === (type ?? 'Local') && n.phoneNumber.startsWith(`+1${areaCode}`));
      if (!candidate) throw badRequest(`No phone numbers found in area code ${areaCode}.`, 21452);
      offered = this.takeAvailable(candidate.phoneNumber);
    } else {
      throw badRequest('A PhoneNumber or an AreaCode is required.', 21421);
    }
    const number = this.own(offered!, req.now, p.AccountSid);
    this.applySettings(number, req.body);
    return { status: 201, body: this.renderIncoming(number) };
  }

  private own(offered: AvailableNumber, now: number, accountSid = this.accountSid()): IncomingNumberRecord {
    const settings = Object.fromEntries(SETTINGS.map((name) => [name, null])) as IncomingNumberRecord['settings'];
    settings.VoiceMethod = 'POST';
    settings.VoiceFallbackMethod = 'POST';
    settings.SmsMethod = 'POST';
    settings.SmsFallbackMethod = 'POST';
    settings.StatusCallbackMethod = 'POST';
    const number: IncomingNumberRecord = {
      sid: newSid('PN'),
      accountSid,
      phoneNumber: offered.phoneNumber,
      type: offered.type,
      isoCountry: offered.isoCountry,
      friendlyName: friendly(offered.phoneNumber),
      capabilities: { ...offered.capabilities },
      addressRequirements: offered.addressRequirements ?? 'none',
      beta: offered.beta ?? false,
      created: now,
      updated: now,
      settings,
      voiceCallerIdLookup: false,
    };
    this.incomingNumbers.set(number.sid, number);
    return number;
  }

  private applySettings(number: IncomingNumberRecord, body: Params): void {
    for (const name of SETTINGS) {
      const value = param(body, name);
      if (value !== undefined) number.settings[name] = value === '' ? null : value;
    }
    const friendlyName = param(body, 'FriendlyName');
    if (friendlyName !== undefined) number.friendlyName = friendlyName;
    const lookup = boolParam(body, 'VoiceCallerIdLookup');
    if (lookup !== undefined) number.voiceCallerIdLookup = lookup;
  }

  private incomingUpdate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const number = this.incoming(p);
    this.applySettings(number, req.body);
    number.updated = req.now;
    return ok(this.renderIncoming(number));
  }

  private incomingDelete(p: PathParams): DoubleResponse {
    this.incomingNumbers.delete(this.incoming(p).sid);
    return { status: 204 };
  }

  private incomingList(req: DoubleRequest, p: PathParams, type: NumberType | undefined): DoubleResponse {
    const phoneNumber = param(req.query, 'PhoneNumber');
    const friendlyName = param(req.query, 'FriendlyName');
    const matching = [...this.incomingNumbers.values()].filter(
      (n) =>
        n.accountSid === p.AccountSid &&
        (!type || n.type === type) &&
        (!phoneNumber || n.phoneNumber.includes(phoneNumber)) &&
        (!friendlyName || n.friendlyName === friendlyName),
    );
    return ok(apiPage(matching, req, 'incoming_phone_numbers', (n) => this.renderIncoming(n)));
  }

  private renderIncoming(n: IncomingNumberRecord) {
    const s = n.settings;
    const base = `/2010-04-01/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}`;
    return {
      account_sid: n.accountSid,
      address_sid: s.AddressSid,
      address_requirements: n.addressRequirements,
      api_version: '2010-04-01',
      beta: n.beta,
      capabilities: n.capabilities,
      date_created: rfc2822Date(n.created),
      date_updated: rfc2822Date(n.updated),
      friendly_name: n.friendlyName,
      identity_sid: s.IdentitySid,
      phone_number: n.phoneNumber,
      origin: 'twilio',
      sid: n.sid,
      sms_application_sid: s.SmsApplicationSid,
      sms_fallback_method: s.SmsFallbackMethod,
      sms_fallback_url: s.SmsFallbackUrl,
      sms_method: s.SmsMethod,
      sms_url: s.SmsUrl,
      status_callback: s.StatusCallback,
      status_callback_method: s.StatusCallbackMethod,
      trunk_sid: s.TrunkSid,
      uri: `${base}.json`,
      voice_receive_mode: 'voice',
      voice_application_sid: s.VoiceApplicationSid,
      voice_caller_id_lookup: n.voiceCallerIdLookup,
      voice_fallback_method: s.VoiceFallbackMethod,
      voice_fallback_url: s.VoiceFallbackUrl,
      voice_method: s.VoiceMethod,
      voice_url: s.VoiceUrl,
      emergency_status: 'Inactive',
      emergency_address_sid: s.EmergencyAddressSid,
      emergency_address_status: 'unregistered',
      bundle_sid: s.BundleSid,
      status: 'in-use',
      subresource_uris: { assigned_add_ons: `${base}/AssignedAddOns.json` },
    };
  }
}

/** Twilio's Contains: digits and letters (keypad), `*` for any single digit, matched anywhere in the number. */
function containsPattern(contains: string): RegExp {
  const source = [...contains.replace(/^\+/, '').toLowerCase()]
    .map((ch) => (ch === '*' ? '\\d' : /\d/.test(ch) ? ch : (KEYPAD[ch] ?? '')))
    .join('');
  return new RegExp(source);
}

function renderAvailable(n: AvailableNumber) {
  return {
    friendly_name: n.friendlyName ?? friendly(n.phoneNumber),
    phone_number: n.phoneNumber,
    lata: n.lata ?? null,
    locality: n.locality ?? null,
    rate_center: n.rateCenter ?? null,
    latitude: n.latitude ?? null,
    longitude: n.longitude ?? null,
    region: n.region ?? null,
    postal_code: n.postalCode ?? null,
    iso_country: n.isoCountry,
    address_requirements: n.addressRequirements ?? 'none',
    beta: n.beta ?? false,
    // Lower-case keys as in the description's examples (older Twilio docs show SMS/MMS: read both).
    capabilities: { voice: n.capabilities.voice, sms: n.capabilities.sms, mms: n.capabilities.mms, fax: n.capabilities.fax },
  };
}

/** The 2010-04-01 list envelope: items under `key`, paging as relative URIs. */
function apiPage<T>(all: readonly T[], req: DoubleRequest, key: string, render: (item: T) => unknown) {
  const window = pageOf(all, req.query);
  const at = (page: number, token?: string) => `${req.path}?${pageQuery(req.query, page, window.pageSize, token)}`;
  return {
    [key]: window.items.map(render),
    end: window.start + Math.max(window.items.length - 1, 0),
    first_page_uri: at(0),
    next_page_uri: window.hasNext ? at(window.page + 1, `PA${window.page + 1}`) : null,
    page: window.page,
    page_size: window.pageSize,
    previous_page_uri: window.page > 0 ? at(window.page - 1) : null,
    start: window.start,
    uri: at(window.page),
  };
}

const ok = (body: unknown): DoubleResponse => ({ status: 200, body });
