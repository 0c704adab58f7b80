// A workspace for the call-flow tests: call connect and recording on one number, user and company
// greetings, a ring group, voicemail mode, and a bare workspace with nothing to ring.
import type { BundleInput } from '../../src/config/types';

export const FLOW = {
  connectLine: '+15550600100',
  plainLine: '+15550600101',
  groupLine: '+15550600102',
  voicemailLine: '+15550600103',
  bareLine: '+15550610100',
  annPhone: '+15550600002',
  benPhone: '+15550600003',
  verifiedCallerId: '+15550600900',
  dana: '+15550600200',
  stranger: '+15550600299',
};

export const FLOW_BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'flow',
      name: 'Flow Co',
      // These tests call from one number many times a minute; the abuse guard has tests of its own.
      inbound: { maxCallsPerCallerPerMinute: 0 },
      voicemail: { greetingText: 'Flow Co voicemail.', maxLengthSeconds: 90 },
      users: [
        { id: 'ann', name: 'Ann', phone: FLOW.annPhone, webApp: true, voicemail: { greetingUrl: 'https://example.com/ann.mp3' } },
        { id: 'ben', name: 'Ben', phone: FLOW.benPhone, voicemail: { greetingText: "Ben's voicemail." } },
        { id: 'cat', name: 'Cat', mobileApp: true },
      ],
      numbers: [
        {
          number: FLOW.connectLine,
          name: 'Connect line',
          assignedUser: 'ann',
          verifiedCallerId: FLOW.verifiedCallerId,
          outboundTimeout: 25,
          callConnect: { enabled: true, whisper: 'Call for {{number.name}} from {{contact.first_name | a new caller}}. Press any key.' },
          recording: { enabled: true, announcement: 'This call is recorded.' },
        },
        { number: FLOW.plainLine, name: 'Plain line', assignedUser: 'ben' },
        { number: FLOW.groupLine, name: 'Group line', ringUsers: ['ben', 'cat'] },
        { number: FLOW.voicemailLine, name: 'Voicemail line', mode: 'voicemail', assignedUser: 'ann' },
      ],
      contacts: [{ phone: FLOW.dana, firstName: 'Dana' }],
    },
    {
      id: 'bare',
      name: 'Bare Co',
      users: [{ id: 'zed', name: 'Zed', webApp: true }],
      numbers: [{ number: FLOW.bareLine, name: 'Bare line' }],
    },
  ],
};

let counter = 0;
/** A fresh, valid CallSid for each simulated call. */
export function callSid(): string {
  counter += 1;
  return `CA${String(Date.now()).padStart(16, '0')}${String(counter).padStart(16, '0')}`;
}
