// The API double's Messages through a Messaging Service with delivery statuses, and its Recordings and
// Transcriptions, through the whole test path (twilio client -> router -> Prism -> double), every request and
// answer checked against Twilio's description.
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi();
const CALL_SID = `CA${'1a'.repeat(16)}`;
const SERVICE = `MG${'2b'.repeat(16)}`;

describe('Messages', () => {
  test('a text through a Messaging Service with a StatusCallback: accepted, then its status and error code as a carrier leaves them', async () => {
    const client = api.client();
    const created = await client.messages.create({
      to: '+15550900200',
      from: '+15550900100',
      messagingServiceSid: SERVICE,
      body: 'hello',
      statusCallback: 'https://example.com/message-status?crWorkspace=acme',
    });
    expect(created).toMatchObject({ status: 'accepted', messagingServiceSid: SERVICE, from: '+15550900100', errorCode: null });
    expect(api.double.messages.at(-1)).toMatchObject({
      messagingServiceSid: SERVICE,
      statusCallback: 'https://example.com/message-status?crWorkspace=acme',
    });
    api.double.api.setMessageStatus(created.sid, 'undelivered', api.double.clock.now(), 30034);
    expect(await client.messages(created.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30034 });
    const plain = await client.messages.create({ to: '+15550900200', from: '+15550900100', body: 'plain' });
    expect(plain).toMatchObject({ status: 'queued', messagingServiceSid: null });
  });

  test('a Messaging Service alone (no From) is a sender too; neither is refused with 21603', async () => {
    const client = api.client();
    expect(await client.messages.create({ to: '+15550900200', messagingServiceSid: SERVICE, body: 'pool' })).toMatchObject({
      from: null,
      messagingServiceSid: SERVICE,
    });
    await expect(client.messages.create({ to: '+15550900200', body: 'nobody' } as never)).rejects.toMatchObject({
      status: 400,
      code: 21603,
    });
  });
});

describe('Recordings and Transcriptions', () => {
  test("a voicemail's recording and transcript are listed by call, fetched, and deleted together", async () => {
    const client = api.client();
    const { recording, transcription } = api.double.api.addRecording(CALL_SID, api.double.clock.now(), {
      durationSeconds: 14,
      transcript: 'Hi, it is Dana, call me back.',
    });
    const listed = await client.recordings.list({ callSid: CALL_SID });
    expect(listed.map((item) => [item.sid, item.callSid, item.duration, item.source, item.status])).toEqual([
      [recording.sid, CALL_SID, '14', 'RecordVerb', 'completed'],
    ]);
    expect(await client.calls(CALL_SID).recordings.list()).toHaveLength(1);
    expect(await client.recordings(recording.sid).fetch()).toMatchObject({ sid: recording.sid, callSid: CALL_SID });
    expect((await client.recordings(recording.sid).transcriptions.list()).map((item) => item.transcriptionText)).toEqual([
      'Hi, it is Dana, call me back.',
    ]);
    expect(await client.transcriptions(transcription!.sid).fetch()).toMatchObject({
      status: 'completed',
      recordingSid: recording.sid,
      transcriptionText: 'Hi, it is Dana, call me back.',
    });
    expect(await client.recordings(recording.sid).remove()).toBe(true);
    await expect(client.recordings(recording.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(client.transcriptions(transcription!.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  test('a transcription that failed has no text', async () => {
    const { transcription } = api.double.api.addRecording(CALL_SID, api.double.clock.now(), { transcript: null });
    expect(await api.client().transcriptions(transcription!.sid).fetch()).toMatchObject({ status: 'failed', transcriptionText: null });
    expect((await api.client().transcriptions.list()).map((item) => item.sid)).toContain(transcription!.sid);
  });
});
