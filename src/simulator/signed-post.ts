// A webhook POST signed the way Twilio signs it: form parameters in the body and X-Twilio-Signature over
// the full URL and those parameters. Shared by the simulator and the benchmark.
import twilio from 'twilio';

export interface SignedPost {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** The fetch() init for POSTing `params` to `url` as Twilio would, signed with `authToken`. */
export function signedPost(authToken: string, url: string, params: Record<string, string>): SignedPost {
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
