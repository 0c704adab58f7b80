// Asking the person at the terminal before a destructive step. Never asks a pipe or a CI job (they would hang
// or answer by accident): the caller checks `isInteractive` and tells the user to pass --yes instead.
import { createInterface } from 'node:readline';

/** True when standard input is a terminal a person can answer on. */
export function isInteractive(input: { isTTY?: boolean } = process.stdin): boolean {
  return input.isTTY === true;
}

/** Asks `question` on `output` and reads one line from `input`: "y" or "yes" (any case) is yes, anything else no. */
export function askYesNo(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<boolean> {
  return new Promise((resolve) => {
    const reader = createInterface({ input, output, terminal: false });
    let answered = false;
    reader.once('line', (line) => {
      answered = true;
      reader.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    reader.once('close', () => {
      if (!answered) resolve(false);
    });
    output.write(`${question} [y/N] `);
  });
}
