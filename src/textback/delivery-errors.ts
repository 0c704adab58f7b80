// Twilio's delivery error codes that a business owner meets with text-back, in words: what happened and what
// to do. Used by the message-status log and by `config doctor`. Codes from Twilio's error dictionary
// (https://www.twilio.com/docs/api/errors).

export interface DeliveryErrorExplanation {
  code: number;
  title: string;
  explanation: string;
}

/** Carrier filtering: the destination carrier's filter dropped the text. */
export const CARRIER_FILTERED_CODE = 30007;
/** US carriers refuse texts from a 10DLC number not registered in an A2P 10DLC campaign. */
export const UNREGISTERED_10DLC_CODE = 30034;

const EXPLANATIONS: readonly DeliveryErrorExplanation[] = [
  { code: 30003, title: 'unreachable destination handset', explanation: 'the phone is off or out of coverage; the carrier gave up trying' },
  { code: 30004, title: 'message blocked', explanation: 'the recipient or their carrier blocks texts from this number' },
  { code: 30005, title: 'unknown destination handset', explanation: 'the number does not exist or is no longer in service' },
  { code: 30006, title: 'landline or unreachable carrier', explanation: 'the number is a landline or its carrier cannot take texts' },
  {
    code: CARRIER_FILTERED_CODE,
    title: 'carrier filtering',
    explanation:
      "the recipient's carrier filtered the text as spam. In the US the usual cause is sending from a long code that is not registered for A2P 10DLC (register a brand and campaign and send through its Messaging Service: messagingServiceSid); also check the message for link shorteners and wording carriers flag",
  },
  {
    code: 30008,
    title: 'unknown error',
    explanation: 'the carrier failed for a reason it did not give; if it repeats, contact Twilio support with the message SID',
  },
  {
    code: 30032,
    title: 'toll-free number not verified',
    explanation: 'texts from a US toll-free number need toll-free verification (Console: Phone Numbers > Regulatory Compliance)',
  },
  {
    code: UNREGISTERED_10DLC_CODE,
    title: 'unregistered A2P 10DLC number',
    explanation:
      "US carriers block texts from a 10-digit long code that is not registered in an approved A2P 10DLC campaign. Register a brand and a campaign (Console: Messaging > Regulatory Compliance), add this number to the campaign's Messaging Service, and name that service in the configuration (messagingServiceSid)",
  },
];

export function explainDeliveryError(code: number | null | undefined): DeliveryErrorExplanation | null {
  return EXPLANATIONS.find((entry) => entry.code === code) ?? null;
}

/** "error 30034 (unregistered A2P 10DLC number: US carriers block ...)", or "error N" for a code not listed. */
export function describeDeliveryError(code: number): string {
  const known = explainDeliveryError(code);
  return known
    ? `error ${code} (${known.title}: ${known.explanation})`
    : `error ${code} (see https://www.twilio.com/docs/api/errors/${code})`;
}
