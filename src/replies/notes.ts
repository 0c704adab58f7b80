// What a person is told beside a reply that is not plain talk, and what a caller who texts HELP gets back. A message
// that may be a request to stop (src/textback/keywords: it holds an opt-out keyword but is not one alone) is
// forwarded with a note, so a person decides; HELP or INFO alone is answered with the business's name and how to
// reach a person (carriers expect an answer to HELP), and the person is told what was sent. Pure.
import type { PhoneNumber, Workspace } from '../config/types';
import type { ReplyReading } from '../textback/keywords';
import { OPT_OUT_LINE } from '../textback/opt-out-line';

/** The answer to HELP or INFO: who is texting, how to reach a person, and how to opt out. */
export function helpAnswer(workspace: Pick<Workspace, 'name' | 'companyPhone'>, number: Pick<PhoneNumber, 'number'>): string {
  return `${workspace.name}: to reach a person, call ${workspace.companyPhone ?? number.number} or reply to this text. ${OPT_OUT_LINE}`;
}

/** The note a forward carries for this reading of the reply (null for plain talk). */
export function forwardNote(reading: ReplyReading, from: string, answer: string | null): string | null {
  if (reading.kind === 'help' && answer) return `They texted ${reading.keyword} and were sent: "${answer}"`;
  if (reading.mayBeOptOut)
    return `(May be a request to stop texts, so not taken as one: if it is, add ${from} to "Never text these numbers".)`;
  return null;
}
