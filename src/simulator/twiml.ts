// Reads TwiML as XML (fast-xml-parser) into a small tree of verbs and nouns, as Twilio would walk it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(entry: Ordered): TwimlNode | null {
  const name = Object.keys(entry).find((key) => key !== ':@');
  if (!name || name === '?xml') return null;
  if (name === '#text') return { name: '#text', attrs: {}, text: String(entry[name]), children: [] };
  const inner = (entry[name] as Ordered[]).map(toNode).filter((node): node is TwimlNode => node !== null);
  return {
    name,
    attrs: entry[':@'] ?? {},
    text: inner
      .filter((node) => node.name === '#text')
      .map((node) => node.text)
      .join(''),
    children: inner.filter((node) => node.name !== '#text'),
  };
}

/** The <Response> element; throws if the text is not well-formed XML with a <Response> root. */
export function parseTwiml(xml: string): TwimlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Not well-formed XML: ${valid.err.msg}\n${xml}`);
  const roots = (parser.parse(xml) as Ordered[]).map(toNode).filter((node): node is TwimlNode => node !== null);
  const response = roots.find((node) => node.name === 'Response');
  if (!response || roots.length !== 1) throw new Error(`Expected a single <Response> root:\n${xml}`);
  return response;
}

/** The verbs TwiML allows in a voice <Response>, and the nouns a <Dial> may hold. */
export const VOICE_VERBS = new Set([
  'Say',
  'Play',
  'Dial',
  'Record',
  'Gather',
  'Hangup',
  'Reject',
  'Redirect',
  'Pause',
  'Enqueue',
  'Leave',
  'Connect',
  'Refer',
  'Stream',
  'Start',
  'Stop',
  'Pay',
  'Prompt',
  'Siprec',
  'Sms',
]);
export const DIAL_NOUNS = new Set(['Number', 'Client', 'Sip', 'Conference', 'Queue', 'Application']);
