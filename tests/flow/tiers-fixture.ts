// A workspace for the ring-tier call-flow tests (issue 20): the owner first then the team, one at a time, round
// robin, and a workspace whose sticky agent rings the user who last answered a caller first.
import type { BundleInput } from '../../src/config/types';

export const TIERS = {
  ownerFirst: '+15550690100',
  inOrder: '+15550690200',
  roundRobin: '+15550690300',
  connectInOrder: '+15550690400',
  stickyLine: '+15550691100',
  screenedLine: '+15550692100',
  screenedForward: '+15550692010',
  olga: '+15550690001',
  bob: '+15550690002',
  carol: '+15550690003',
  dan: '+15550690004',
  stickyBob: '+15550691002',
  stickyCarol: '+15550691003',
};

export const TIERS_BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'tiers',
      name: 'Tiers Plumbing',
      // These tests call from one number many times a minute; the abuse guard has tests of its own.
      inbound: { maxCallsPerCallerPerMinute: 0, timeout: 60 },
      voicemail: { greetingText: 'Tiers Plumbing voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [
        { id: 'olga', name: 'Olga', phone: TIERS.olga },
        { id: 'bob', name: 'Bob', phone: TIERS.bob },
        { id: 'carol', name: 'Carol', phone: TIERS.carol, webApp: true },
        { id: 'dan', name: 'Dan', phone: TIERS.dan },
      ],
      numbers: [
        {
          number: TIERS.ownerFirst,
          name: 'Owner first',
          ringUsers: ['bob', 'carol', 'dan'],
          ringFirst: { users: ['olga'], seconds: 15 },
          inboundTimeout: 35,
          recording: { enabled: true, announcement: 'This call is recorded.' },
        },
        { number: TIERS.inOrder, name: 'In order', ringUsers: ['bob', 'carol'], ringOrder: 'in-order', ringSecondsEach: 15 },
        {
          number: TIERS.roundRobin,
          name: 'Round robin',
          ringUsers: ['bob', 'carol', 'dan'],
          ringOrder: 'round-robin',
          ringSecondsEach: 20,
        },
        {
          number: TIERS.connectInOrder,
          name: 'Connect in order',
          ringUsers: ['bob', 'dan'],
          ringOrder: 'in-order',
          ringSecondsEach: 15,
          callConnect: { enabled: true, whisper: 'A call for Tiers. Press any key.' },
        },
      ],
    },
    {
      id: 'sticky',
      name: 'Sticky Co',
      inbound: { maxCallsPerCallerPerMinute: 0, timeout: 45, stickyAgent: { enabled: true, days: 30, seconds: 15 } },
      users: [
        { id: 'bob', name: 'Bob', phone: TIERS.stickyBob },
        { id: 'carol', name: 'Carol', phone: TIERS.stickyCarol },
      ],
      numbers: [{ number: TIERS.stickyLine, name: 'Team', ringUsers: ['bob', 'carol'] }],
    },
    {
      // Spam protection sends a failed caller ID check to voicemail: such a caller is never texted back.
      id: 'screened',
      name: 'Screened Co',
      inbound: { maxCallsPerCallerPerMinute: 0, screening: { stirFailed: 'voicemail' } },
      voicemail: { greetingText: 'Screened Co voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      numbers: [{ number: TIERS.screenedLine, name: 'Screened line', forwardingNumber: TIERS.screenedForward }],
    },
  ],
};
