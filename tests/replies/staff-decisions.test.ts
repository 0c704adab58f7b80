// The decisions behind staff answers, as case tables: who a sender is (one of our numbers, a user of the texted
// workspace, anyone else), whether a forward is still answerable (the window's edges), and what a user's text is to
// do. The served behaviour is in staff.test.ts; these tables pin the edges that are slow to reach through it.
import { parseBundle } from '../../src/config/parse';
import { STAFF_ANSWER_WINDOW_HOURS, answerableThread } from '../../src/replies/staff-state';
import { answerText, noCustomerNote, optedOutNote, planStaffText } from '../../src/replies/staff-answer';
import { classifySender } from '../../src/replies/senders';

const bundle = parseBundle({
  workspaces: [
    {
      id: 'one',
      name: 'One',
      users: [
        { id: 'ann', name: 'Ann', phone: '+15550940001', role: 'admin' },
        { id: 'dee', name: 'Dee', webApp: true },
      ],
      numbers: [{ number: '+15550940100', name: 'Main line' }],
    },
    {
      id: 'two',
      name: 'Two',
      users: [{ id: 'olga', name: 'Olga', phone: '+15550940002' }],
      numbers: [{ number: '+15550940200', name: 'Two line' }],
    },
  ],
});
const one = bundle.workspaces[0]!;
const routed = new Set(['+15550940100', '+15550940200']);

test.each([
  { sender: '+15550940001', kind: 'staff', user: 'ann', why: 'a user of the texted workspace, by their phone' },
  { sender: '+15550940100', kind: 'own-number', why: 'the number texted itself' },
  { sender: '+15550940200', kind: 'own-number', why: "another workspace's number of this deployment" },
  { sender: '+15550940002', kind: 'caller', why: "a user of another workspace is a caller to this one (its users don't know them)" },
  { sender: '+15550940999', kind: 'caller', why: 'anyone else' },
  { sender: '', kind: 'caller', why: 'no sender at all never matches a user without a phone' },
])('$sender is $kind: $why', ({ sender, kind, user }) => {
  const found = classifySender(one, routed, sender);
  expect(found.kind).toBe(kind);
  if (user) expect(found.kind === 'staff' && found.user.id).toBe(user);
});

const now = new Date();
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const WINDOW = STAFF_ANSWER_WINDOW_HOURS * 60;

test.each([
  { at: ago(0), answerable: true, why: 'forwarded this instant' },
  { at: ago(WINDOW - 1), answerable: true, why: 'a minute inside the window' },
  { at: ago(WINDOW), answerable: false, why: 'exactly the window old' },
  { at: ago(-1), answerable: false, why: 'after now (a clock moved back): not trusted' },
  { at: 'yesterday', answerable: false, why: 'not a time' },
])('a forward : answerable ', ({ at, answerable }) => {
  const thread = { customer: '+15550940300', messageSid: `SM${'a'.repeat(32)}`, at };
  expect(answerableThread(thread, now)).toEqual(answerable ? thread : null);
});

const number = { number: '+15550940100', name: 'Main line' };
const thread = { customer: '+15550940300', messageSid: `SM${'b'.repeat(32)}`, at: ago(5) };
const media = [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/jpeg' }];

test.each([
  {
    name: 'a customer to answer: the words go to them',
    thread,
    optedOut: false,
    body: 'On my way',
    media: [],
    plan: { action: 'answer', body: 'On my way' },
  },
  {
    name: 'words and a photo: the link follows the words',
    thread,
    optedOut: false,
    body: 'See this',
    media,
    plan: { action: 'answer', body: `See this\n${media[0]!.url}` },
  },
  { name: 'a photo alone: its link', thread, optedOut: false, body: '  ', media, plan: { action: 'answer', body: media[0]!.url } },
  {
    name: 'nobody to answer: a note',
    thread: null,
    optedOut: false,
    body: 'Hi',
    media: [],
    plan: { action: 'note', status: 'no-customer', note: noCustomerNote(number) },
  },
  {
    name: 'the customer opted out: a note naming them',
    thread,
    optedOut: true,
    body: 'Hi',
    media: [],
    plan: { action: 'note', status: 'customer-opted-out', customer: thread.customer, note: optedOutNote(number, thread.customer) },
  },
  { name: 'nothing in it: kept, nothing sent', thread, optedOut: false, body: ' ', media: [], plan: { action: 'keep', status: 'empty' } },
  {
    name: 'the thread is the user themselves: nobody to answer',
    thread: { ...thread, customer: '+15550940001' },
    optedOut: false,
    body: 'Hi',
    media: [],
    plan: { action: 'note', status: 'no-customer' },
  },
])('$name', ({ thread: found, optedOut, body, media: attached, plan }) => {
  expect(
    planStaffText({
      user: { id: 'ann' },
      number,
      text: { from: '+15550940001', body, media: attached },
      thread: found,
      customerOptedOut: optedOut,
    }),
  ).toMatchObject(plan);
});

test('notes fit one GSM-7 segment with a number name of up to 30 characters', () => {
  const long = { number: '+15550940100', name: 'N'.repeat(30) };
  for (const note of [noCustomerNote(long), optedOutNote(long, '+15550940300')]) {
    expect(note.length).toBeLessThanOrEqual(160);
    expect(note).toMatch(/^[A-Za-z0-9 .,:'()+?!-]*$/);
  }
});

test('an answer longer than one message is cut to 1,600 characters', () => {
  expect(answerText({ body: 'x'.repeat(2000), media: [] })).toHaveLength(1600);
});
