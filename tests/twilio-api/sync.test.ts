// Sync through the whole test path: twilio client -> front router -> Prism (Twilio's sync description) -> API
// double. Documents round-trip with revisions and If-Match, Map Items conflict as Twilio's do (409/54208), TTLs
// expire on the double's clock, and no request or response breaks the description.
import twilio from 'twilio';
import { type TwilioApi, expectNoContractViolations, startTwilioApi } from '../support/twilio-api/index';

let api: TwilioApi;
let client: twilio.Twilio;
let serviceSid: string;

beforeAll(async () => {
  api = await startTwilioApi();
  client = api.client();
  serviceSid = (await client.sync.v1.services.create({ friendlyName: 'call-routing' })).sid;
});

afterEach(() => {
  expectNoContractViolations(api);
  api.double.clock.reset();
});

afterAll(async () => {
  await api?.stop();
});

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('Sync documents', () => {
  it('round-trips create, fetch by unique name, update with If-Match, and delete', async () => {
    const documents = client.sync.v1.services(serviceSid).documents;
    const created = await documents.create({ uniqueName: 'workspace-acme', data: { name: 'Acme', users: ['alice'] } });
    expect(created).toMatchObject({
      uniqueName: 'workspace-acme',
      revision: '0',
      data: { name: 'Acme', users: ['alice'] },
      dateExpires: null,
    });
    expect(created.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(created.url).toBe(`https://sync.twilio.com/v1/Services/${serviceSid}/Documents/${created.sid}`);

    const fetched = await client.sync.v1.services(serviceSid).documents('workspace-acme').fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.dateCreated).toBeInstanceOf(Date);

    const updated = await client.sync.v1
      .services(serviceSid)
      .documents(created.sid)
      .update({ data: { name: 'Acme Plumbing' }, ifMatch: fetched.revision });
    expect(updated).toMatchObject({ revision: '1', data: { name: 'Acme Plumbing' } });
    expect(api.double.sync.document(serviceSid, 'workspace-acme', api.double.clock.now())?.data).toEqual({ name: 'Acme Plumbing' });

    await client.sync.v1.services(serviceSid).documents(created.sid).remove();
    const gone = await rejection(client.sync.v1.services(serviceSid).documents('workspace-acme').fetch());
    expect(gone).toMatchObject({ status: 404, code: 54100 });
  });

  it('refuses an update whose If-Match is not the current revision (412/54103)', async () => {
    const doc = await client.sync.v1.services(serviceSid).documents.create({ data: { v: 1 } });
    await client.sync.v1
      .services(serviceSid)
      .documents(doc.sid)
      .update({ data: { v: 2 } });
    const error = await rejection(
      client.sync.v1
        .services(serviceSid)
        .documents(doc.sid)
        .update({ data: { v: 3 }, ifMatch: '0' }),
    );
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 412, code: 54103 });
    expect((await client.sync.v1.services(serviceSid).documents(doc.sid).fetch()).data).toEqual({ v: 2 });
  });

  it('refuses a second document with the same unique name (409/54301)', async () => {
    await client.sync.v1.services(serviceSid).documents.create({ uniqueName: 'number-+15550100100', data: {} });
    const error = await rejection(client.sync.v1.services(serviceSid).documents.create({ uniqueName: 'number-+15550100100', data: {} }));
    expect(error).toMatchObject({ status: 409, code: 54301 });
  });

  it('lists documents across pages', async () => {
    const service = await client.sync.v1.services.create({ friendlyName: 'paging' });
    for (let i = 0; i < 3; i++) await client.sync.v1.services(service.sid).documents.create({ uniqueName: `d${i}`, data: { i } });
    const all = await client.sync.v1.services(service.sid).documents.list({ pageSize: 2 });
    expect(all.map((d) => d.uniqueName).sort()).toEqual(['d0', 'd1', 'd2']);
  });

  it('forgets a document once its TTL has passed', async () => {
    const doc = await client.sync.v1.services(serviceSid).documents.create({ data: { call: 'CA1' }, ttl: 60 });
    expect(doc.dateExpires).toBeInstanceOf(Date);
    api.double.clock.advance(59_000);
    await expect(client.sync.v1.services(serviceSid).documents(doc.sid).fetch()).resolves.toMatchObject({ sid: doc.sid });
    api.double.clock.advance(2_000);
    await expect(client.sync.v1.services(serviceSid).documents(doc.sid).fetch()).rejects.toMatchObject({ status: 404, code: 54100 });
  });
});

describe('Sync maps and map items', () => {
  let mapSid: string;

  beforeAll(async () => {
    mapSid = (await client.sync.v1.services(serviceSid).syncMaps.create({ uniqueName: 'textback-dedupe' })).sid;
  });

  const items = () => client.sync.v1.services(serviceSid).syncMaps('textback-dedupe').syncMapItems;

  it('answers a second create of the same key with 409/54208, as a RestException', async () => {
    await items().create({ key: 'acme:+15550100200', data: { sentAt: '2026-01-01T00:00:00Z' } });
    const error = await rejection(items().create({ key: 'acme:+15550100200', data: { sentAt: 'later' } }));
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 409, code: 54208, moreInfo: 'https://www.twilio.com/docs/errors/54208' });
    // the first write stands
    expect((await items().get('acme:+15550100200').fetch()).data).toEqual({ sentAt: '2026-01-01T00:00:00Z' });
  });

  it('lets an item expire after its TTL, after which the key can be created again', async () => {
    const item = await items().create({ key: 'acme:+15550100201', data: { n: 1 }, ttl: 1200 });
    expect(item.dateExpires!.getTime() - item.dateCreated.getTime()).toBe(1_200_000);
    await expect(items().create({ key: 'acme:+15550100201', data: { n: 2 } })).rejects.toMatchObject({ code: 54208 });

    api.double.clock.advance(1_200_001);
    await expect(items().get('acme:+15550100201').fetch()).rejects.toMatchObject({ status: 404, code: 54201 });
    expect(api.double.sync.mapItems(serviceSid, mapSid, api.double.clock.now())!.map((i) => i.key)).not.toContain('acme:+15550100201');
    await expect(items().create({ key: 'acme:+15550100201', data: { n: 3 }, ttl: 1200 })).resolves.toMatchObject({ revision: '0' });
  });

  it('updates with If-Match and refuses a stale revision (412/54205)', async () => {
    await items().create({ key: 'call:CA42', data: { state: 'ringing' } });
    const updated = await items()
      .get('call:CA42')
      .update({ data: { state: 'answered' }, ifMatch: '0' });
    expect(updated).toMatchObject({ revision: '1', data: { state: 'answered' } });
    await expect(
      items()
        .get('call:CA42')
        .update({ data: { state: 'missed' }, ifMatch: '0' }),
    ).rejects.toMatchObject({
      status: 412,
      code: 54205,
    });
    await items().get('call:CA42').remove();
    await expect(items().get('call:CA42').fetch()).rejects.toMatchObject({ code: 54201 });
  });

  it('lists items in key order, with From/Bounds', async () => {
    const map = await client.sync.v1.services(serviceSid).syncMaps.create({});
    const mapItems = client.sync.v1.services(serviceSid).syncMaps(map.sid).syncMapItems;
    for (const key of ['b', 'c', 'a']) await mapItems.create({ key, data: {} });
    expect((await mapItems.list()).map((i) => i.key)).toEqual(['a', 'b', 'c']);
    expect((await mapItems.list({ order: 'desc' })).map((i) => i.key)).toEqual(['c', 'b', 'a']);
    expect((await mapItems.list({ from: 'b', bounds: 'exclusive' })).map((i) => i.key)).toEqual(['c']);
  });

  it('counts requests per product so a test can bound Sync traffic', async () => {
    api.double.clearRequests();
    await items().create({ key: 'count-me', data: {} });
    await items().get('count-me').fetch();
    expect(api.double.requestCount({ product: 'sync' })).toBe(2);
    expect(api.double.countsByProduct()).toEqual({ sync: 2, api: 0 });
  });
});
