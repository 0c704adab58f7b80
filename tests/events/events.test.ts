// Signed call events: delivered to a local receiver that verifies them with the standardwebhooks library,
// filtered by subscription, cut at the deadline, recorded when they fail, and redelivered later.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput, WebhookEndpoint } from '../../src/config/types';
import { ConfigValidationError } from '../../src/config/errors';
import { createStepLog } from '../../src/log/step-log';
import { LocalStateStore } from '../../src/state/local-store';
import { CALL_EVENT_TYPES } from '../../src/config/constants';
import { DELIVERY_TIMEOUT_MS, EMIT_DEADLINE_MS, emitCallEvent, type EventDeps } from '../../src/events/emit';
import { FailedDeliveries, failedDeliveriesMap } from '../../src/events/failures';
import { callCompletedData } from '../../src/events/from-call-log';
import { redeliverFailed } from '../../src/events/redeliver';
import { signedHeaders } from '../../src/events/sign';
import type { CallEvent } from '../../src/events/types';
import { emitRequestEvent } from '../../src/flows/call-events';
import type { Services } from '../../src/runtime/services';
import { WebhookReceiver, newWebhookSecret } from '../support/webhook-receiver';

let receiver: WebhookReceiver;
let other: WebhookReceiver;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  other = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await other?.stop();
});
beforeEach(() => {
  receiver.clear();
  other.clear();
});

const CALL_SID = `CA${'a1'.repeat(16)}`;
const AT = new Date('2026-11-23T15:00:00Z');

function completed(callSid = CALL_SID): CallEvent {
  const data = callCompletedData(
    callSid,
    {
      at: AT.toISOString(),
      to: '+15550100100',
      from: '+15550100200',
      workspace: 'acme',
      rule: 'ring-group',
      action: 'dial',
      legs: ['number:+15550100010', 'client:acme_bob_web'],
      callerId: '+15550100200',
      reason: 'ringing the group',
    },
    {
      at: AT.toISOString(),
      outcome: 'answered',
      dialStatus: 'completed',
      bridged: true,
      answeredBy: 'number:+15550100010',
      reason: 'bridged',
    },
  );
  return { type: 'call.completed', at: AT, data: data! };
}

const textbackSent: CallEvent = {
  type: 'textback.sent',
  at: AT,
  data: {
    callSid: CALL_SID,
    workspace: 'acme',
    to: '+15550100200',
    from: '+15550100100',
    body: 'Sorry we missed you',
    status: 'sent',
    messageSid: `SM${'b2'.repeat(16)}`,
    messagingServiceSid: null,
  },
};

function setup(overrides: Partial<EventDeps> = {}) {
  const lines: string[] = [];
  const sink = {
    log: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  };
  const state = new LocalStateStore(mkdtempSync(join(tmpdir(), 'events-state-')));
  const deps: EventDeps = { state, log: createStepLog('test', CALL_SID, sink), deployed: false, ...overrides };
  return { deps, state, lines };
}

const endpoint = (target: WebhookReceiver, events: WebhookEndpoint['events'] = [...CALL_EVENT_TYPES]): WebhookEndpoint => ({
  url: target.url(),
  secret: target.secret,
  events,
});

describe('delivery', () => {
  test('an event arrives signed: the receiver verifies it with standardwebhooks and gets { type, timestamp, data }', async () => {
    const { deps } = setup();
    const report = await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(receiver)] }, completed());
    expect(report.deliveries).toEqual([expect.objectContaining({ url: receiver.url(), status: 'delivered', httpStatus: 204 })]);
    expect(receiver.refused).toEqual([]);
    expect(receiver.accepted).toHaveLength(1);
    const [received] = receiver.accepted;
    expect(received!.event).toEqual({
      type: 'call.completed',
      timestamp: '2026-11-23T15:00:00.000Z',
      data: {
        callSid: CALL_SID,
        workspace: 'acme',
        from: '+15550100200',
        to: '+15550100100',
        outcome: 'answered',
        answeredBy: 'number:+15550100010',
        dialStatus: 'completed',
        startedAt: '2026-11-23T15:00:00.000Z',
        route: {
          rule: 'ring-group',
          action: 'dial',
          legs: ['number:+15550100010', 'client:acme_bob_web'],
          callerId: '+15550100200',
          reason: 'ringing the group',
        },
      },
    });
    expect(received!.headers['webhook-id']).toBe(report.eventId);
    expect(received!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // Signed with the real time of sending (receivers allow five minutes), not the call's simulated time.
    expect(Math.abs(Number(received!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(received!.headers['content-type']).toBe('application/json');
  });

  test('the same event emitted twice (Twilio retried the step) carries the same webhook-id; another call another', async () => {
    const { deps } = setup();
    const workspace = { id: 'acme', webhooks: [endpoint(receiver)] };
    const first = await emitCallEvent(deps, workspace, completed());
    const again = await emitCallEvent(deps, workspace, completed());
    const another = await emitCallEvent(deps, workspace, completed(`CA${'c3'.repeat(16)}`));
    expect(again.eventId).toBe(first.eventId);
    expect(another.eventId).not.toBe(first.eventId);
    expect(receiver.accepted.map((received) => received.headers['webhook-id'])).toEqual([first.eventId, first.eventId, another.eventId]);
  });

  test('a tampered body, or a signature made with another secret, is refused by the receiver', async () => {
    const body = JSON.stringify({ type: 'call.completed', timestamp: AT.toISOString(), data: { callSid: CALL_SID } });
    const headers = signedHeaders(receiver.secret, 'evt_test', new Date(), body);
    const tampered = await fetch(receiver.url(), {
      method: 'POST',
      headers: { ...headers },
      body: body.replace(CALL_SID, `CA${'d4'.repeat(16)}`),
    });
    expect(tampered.status).toBe(401);
    const otherSecret = await fetch(receiver.url(), {
      method: 'POST',
      headers: { ...signedHeaders(newWebhookSecret(), 'evt_test', new Date(), body) },
      body,
    });
    expect(otherSecret.status).toBe(401);
    const genuine = await fetch(receiver.url(), { method: 'POST', headers: { ...headers }, body });
    expect(genuine.status).toBe(204);
    expect(receiver.refused.map((refused) => refused.reason)).toEqual(['No matching signature found', 'No matching signature found']);
    expect(receiver.accepted).toHaveLength(1);
  });

  test('a body altered on the way is refused, and the refusal is recorded as a failed delivery', async () => {
    // The injected fetch changes the body after signing, as a meddling proxy would.
    const meddling: EventDeps['fetch'] = (url, init) => fetch(url, { ...init, body: String(init.body).replace('"answered"', '"missed"') });
    const { deps, state } = setup({ fetch: meddling });
    const report = await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(receiver)] }, completed());
    expect(report.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', kind: 'http-status', httpStatus: 401, recorded: true }),
    ]);
    expect(receiver.accepted).toEqual([]);
    expect(receiver.refused).toHaveLength(1);
    expect(await new FailedDeliveries(state).list('acme')).toEqual([
      expect.objectContaining({ eventId: report.eventId, lastError: { kind: 'http-status', status: 401, detail: 'answered HTTP 401' } }),
    ]);
  });

  test('only a 2xx answer is a delivery: a redirect is not followed, a 500 is a failure', async () => {
    const { deps } = setup();
    receiver.behaviour = { kind: 'status', status: 302 };
    const redirected = await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(receiver)] }, completed());
    expect(redirected.deliveries).toEqual([
      expect.objectContaining({
        status: 'failed',
        kind: 'http-status',
        httpStatus: 302,
        detail: 'answered HTTP 302 (redirects are not followed)',
      }),
    ]);
    const closed = await WebhookReceiver.start();
    const url = closed.url();
    await closed.stop();
    const refused = await emitCallEvent(
      deps,
      { id: 'acme', webhooks: [{ url, secret: receiver.secret, events: ['call.completed'] }] },
      completed(),
    );
    expect(refused.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', kind: 'network', detail: expect.stringContaining('ECONNREFUSED') }),
    ]);
  });

  test('events go only to the endpoints that take their type', async () => {
    const { deps } = setup();
    const workspace = {
      id: 'acme',
      webhooks: [endpoint(receiver, ['call.completed']), endpoint(other, ['textback.sent', 'voicemail.created'])],
    };
    await emitCallEvent(deps, workspace, completed());
    await emitCallEvent(deps, workspace, textbackSent);
    expect(receiver.accepted.map((received) => received.event.type)).toEqual(['call.completed']);
    expect(other.accepted.map((received) => received.event.type)).toEqual(['textback.sent']);
    const none = await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(receiver, ['voicemail.created'])] }, textbackSent);
    expect(none.deliveries).toEqual([]);
    expect(await emitCallEvent(deps, { id: 'acme' }, textbackSent)).toMatchObject({ deliveries: [] });
  });
});

describe('deadlines: the call is never held up', () => {
  test('a receiver that never answers is cut at the delivery deadline, and the delivery is recorded as failed', async () => {
    receiver.behaviour = { kind: 'hold' };
    const { deps, state, lines } = setup();
    const report = await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(receiver)] }, completed());
    expect(receiver.held).toHaveLength(1);
    expect(report.cutAtDeadline).toBe(false);
    expect(report.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', kind: 'timeout', detail: `no answer within ${DELIVERY_TIMEOUT_MS} ms`, recorded: true }),
    ]);
    expect(DELIVERY_TIMEOUT_MS).toBeLessThan(EMIT_DEADLINE_MS);
    const [failure] = await new FailedDeliveries(state).list('acme');
    expect(failure).toMatchObject({
      workspace: 'acme',
      type: 'call.completed',
      url: receiver.url(),
      attempts: 1,
      lastError: { kind: 'timeout' },
    });
    expect(JSON.parse(failure!.body)).toMatchObject({ type: 'call.completed', data: { callSid: CALL_SID } });
    expect(lines.join('\n')).toContain(`not delivered to ${receiver.url()}: no answer within ${DELIVERY_TIMEOUT_MS} ms`);
  });
});

describe('where events may go', () => {
  test('deployed, a plain http URL is refused (nothing is sent) and recorded; locally, http to 127.0.0.1 is delivered', async () => {
    const deployed = setup({ deployed: true });
    const refused = await emitCallEvent(deployed.deps, { id: 'acme', webhooks: [endpoint(receiver)] }, completed());
    expect(refused.deliveries).toEqual([expect.objectContaining({ status: 'failed', kind: 'url-refused', recorded: true })]);
    expect((refused.deliveries[0] as { detail: string }).detail).toMatch(/deployed function sends events to https:\/\/ URLs only/);
    expect(receiver.accepted).toEqual([]);
    expect(receiver.held).toEqual([]);
    const local = setup({ deployed: false });
    const delivered = await emitCallEvent(
      local.deps,
      { id: 'acme', webhooks: [{ ...endpoint(receiver), url: `http://localhost:${receiver.port}/hooks` }] },
      completed(),
    );
    expect(delivered.deliveries).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  test("from a flow, the request's placement decides: a deployed request never sends to http", async () => {
    const { deps } = setup();
    const request = (deployed: boolean) => ({
      services: { state: deps.state } as Services,
      log: deps.log,
      placement: { deployed, reason: 'test' },
    });
    const workspace = { id: 'acme', webhooks: [endpoint(receiver)] };
    expect((await emitRequestEvent(request(true), workspace, completed())).deliveries).toEqual([
      expect.objectContaining({ kind: 'url-refused' }),
    ]);
    expect((await emitRequestEvent(request(false), workspace, completed())).deliveries).toEqual([
      expect.objectContaining({ status: 'delivered' }),
    ]);
  });

  const bundle = (webhooks: unknown[]): BundleInput => ({
    workspaces: [{ id: 'acme', name: 'Acme', webhooks: webhooks as BundleInput['workspaces'][number]['webhooks'] }],
  });
  const problems = (webhooks: unknown[]) => {
    try {
      parseBundle(bundle(webhooks));
      return [];
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
  };

  test('one URL is listed once per workspace, and an event type once per webhook', () => {
    const secret = newWebhookSecret();
    expect(
      problems([
        { url: 'https://crm.example.com/a', secret },
        { url: 'https://crm.example.com/a', secret, events: ['call.completed', 'call.completed'] },
      ]),
    ).toEqual([
      'workspaces.0.webhooks.1.url: the same URL as webhooks.0: list it once, with every event type it takes',
      'workspaces.0.webhooks.1.events.1: "call.completed" is listed twice',
    ]);
  });

  test('the configuration takes https anywhere and http only on loopback, with a whsec_ secret; events default to all', () => {
    const secret = newWebhookSecret();
    const parsed = parseBundle(
      bundle([
        { url: 'https://crm.example.com/hooks', secret },
        { url: 'http://127.0.0.1:8080/hooks', secret, events: ['call.completed'] },
      ]),
    );
    expect(parsed.workspaces[0]!.webhooks).toEqual([
      { url: 'https://crm.example.com/hooks', secret, events: [...CALL_EVENT_TYPES] },
      { url: 'http://127.0.0.1:8080/hooks', secret, events: ['call.completed'] },
    ]);
  });

  test('bad URLs, secrets and event types are refused with clear messages that never quote the secret', () => {
    const good = newWebhookSecret();
    const short = `whsec_${Buffer.alloc(8, 7).toString('base64')}`;
    const found = problems([
      { url: 'http://crm.example.com/hooks', secret: good },
      { url: 'https://crm.example.com/a', secret: 'my-password-123' },
      { url: 'https://crm.example.com/b', secret: 'whsec_not base64!' },
      { url: 'https://crm.example.com/c', secret: short },
      { url: 'https://crm.example.com/d', secret: good, events: ['call.answered'] },
      { url: 'https://crm.example.com/f', secret: good, events: [] },
      { url: 'ftp://crm.example.com/e', secret: good },
    ]);
    expect(found).toEqual([
      'workspaces.0.webhooks.0.url: must be an https:// URL (plain http:// is allowed only to 127.0.0.1 or localhost, for local testing)',
      expect.stringMatching(/^workspaces\.0\.webhooks\.1\.secret: must start with whsec_ followed by base64/),
      expect.stringMatching(/^workspaces\.0\.webhooks\.2\.secret: must be whsec_ followed by standard base64/),
      'workspaces.0.webhooks.3.secret: must hold 24 to 64 random bytes after whsec_ (this one holds 8); `openssl rand -base64 32` makes one',
      expect.stringMatching(/^workspaces\.0\.webhooks\.4\.events\.0: must be one of call\.completed, voicemail\.created/),
      expect.stringMatching(/^workspaces\.0\.webhooks\.5\.events: must list at least one event type/),
      'workspaces.0.webhooks.6.url: must be an https:// URL',
    ]);
    for (const line of found) {
      expect(line).not.toContain('my-password-123');
      expect(line).not.toContain(good.slice(6));
    }
  });
});

describe('redelivery', () => {
  test('a failed delivery is sent again later with the same id and body, freshly signed, and its record goes', async () => {
    receiver.behaviour = { kind: 'status', status: 503 };
    const { deps, state } = setup();
    const workspaces = [{ id: 'acme', webhooks: [endpoint(receiver)] }];
    const report = await emitCallEvent(deps, workspaces[0]!, completed());
    expect(report.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', kind: 'http-status', httpStatus: 503, recorded: true }),
    ]);
    const [failure] = await new FailedDeliveries(state).list('acme');

    // Still failing: the attempt is counted and the first failure kept.
    const stillDown = await redeliverFailed({ state, deployed: false }, workspaces);
    expect(stillDown).toEqual([
      {
        workspace: 'acme',
        eventId: report.eventId,
        type: 'call.completed',
        url: receiver.url(),
        outcome: { status: 'failed', detail: 'answered HTTP 503', attempts: 2 },
      },
    ]);
    expect(await new FailedDeliveries(state).list('acme')).toEqual([
      expect.objectContaining({ attempts: 2, firstFailedAt: failure!.firstFailedAt }),
    ]);

    receiver.behaviour = { kind: 'accept' };
    const later = await redeliverFailed({ state, deployed: false }, workspaces);
    expect(later).toEqual([expect.objectContaining({ eventId: report.eventId, outcome: { status: 'delivered', httpStatus: 204 } })]);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]!.headers['webhook-id']).toBe(report.eventId);
    expect(receiver.accepted[0]!.body).toBe(failure!.body);
    expect(await new FailedDeliveries(state).list('acme')).toEqual([]);
    expect(await redeliverFailed({ state, deployed: false }, workspaces)).toEqual([]);
  });

  test('a redelivery is signed with the secret configured now; an endpoint removed or unsubscribed drops its records', async () => {
    receiver.behaviour = { kind: 'status', status: 500 };
    other.behaviour = { kind: 'status', status: 500 };
    const { deps, state } = setup();
    const oldSecret = newWebhookSecret();
    await emitCallEvent(
      deps,
      { id: 'acme', webhooks: [{ url: receiver.url(), secret: oldSecret, events: ['call.completed'] }] },
      completed(),
    );
    await emitCallEvent(deps, { id: 'acme', webhooks: [endpoint(other)] }, completed());
    await emitCallEvent(deps, { id: 'beta', webhooks: [endpoint(receiver)] }, textbackSent);
    // The receiver refused the old secret's signature (401); "other" answered 500.
    expect((await new FailedDeliveries(state).list('acme')).map((failure) => [failure.url, failure.lastError.status])).toEqual([
      [receiver.url(), 401],
      [other.url(), 500],
    ]);
    receiver.clear();
    // The secret was rotated to the receiver's; "other" is gone from acme.
    const reports = await redeliverFailed({ state, deployed: false }, [
      { id: 'acme', webhooks: [endpoint(receiver)] },
      { id: 'beta', webhooks: [endpoint(receiver, ['call.completed'])] },
    ]);
    expect(reports.map((report) => [report.workspace, report.url, report.type, report.outcome.status])).toEqual([
      ['acme', receiver.url(), 'call.completed', 'delivered'],
      ['acme', other.url(), 'call.completed', 'dropped'],
      ['beta', receiver.url(), 'textback.sent', 'dropped'],
    ]);
    expect(reports[1]!.outcome).toEqual({ status: 'dropped', detail: `${other.url()} is no longer one of workspace acme's webhooks` });
    expect(reports[2]!.outcome).toEqual({ status: 'dropped', detail: `${receiver.url()} no longer takes textback.sent events` });
    expect(receiver.refused).toEqual([]);
    expect(receiver.accepted.map((received) => received.event.type)).toEqual(['call.completed']);
    expect(await new FailedDeliveries(state).list('acme')).toEqual([]);
    expect(await new FailedDeliveries(state).list('beta')).toEqual([]);
  });

  test('redeliver can be limited to one workspace, and keeps each workspace in its own map', async () => {
    receiver.behaviour = { kind: 'status', status: 500 };
    const { deps, state } = setup();
    const webhooks = [endpoint(receiver)];
    await emitCallEvent(deps, { id: 'acme', webhooks }, completed());
    await emitCallEvent(deps, { id: 'beta', webhooks }, completed());
    expect((await state.list(failedDeliveriesMap('acme'))).length).toBe(1);
    expect((await state.list(failedDeliveriesMap('beta'))).length).toBe(1);
    receiver.behaviour = { kind: 'accept' };
    const reports = await redeliverFailed(
      { state, deployed: false },
      [
        { id: 'acme', webhooks },
        { id: 'beta', webhooks },
      ],
      { workspace: 'beta' },
    );
    expect(reports.map((report) => report.workspace)).toEqual(['beta']);
    expect((await state.list(failedDeliveriesMap('acme'))).length).toBe(1);
  });
});
