// The workspace's language and voice (workspaces[].speech): a case table of what the schema accepts and refuses, and
// the message that says what to choose instead (Twilio fails a <Say> whose voice does not speak its language).
import { bundleSchema } from '../../src/config/schema';

const bundleWith = (speech: unknown) => ({
  workspaces: [{ id: 'acme', name: 'Acme', ...(speech === undefined ? {} : { speech }) }],
});
const problemsOf = (speech: unknown) => {
  const parsed = bundleSchema.safeParse(bundleWith(speech));
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

test.each([
  ['left out: English read by Joanna, as before the setting', undefined, { language: 'en-US', voice: 'Polly.Joanna' }],
  ['French (Canada) by Chantal', { language: 'fr-CA', voice: 'Polly.Chantal' }, { language: 'fr-CA', voice: 'Polly.Chantal' }],
  ['Spanish (Mexico) by the neural Andres', { language: 'es-MX', voice: 'Polly.Andres-Neural' }, null],
])('accepted: %s', (_case, speech, expected) => {
  const parsed = bundleSchema.parse(bundleWith(speech));
  expect(parsed.workspaces[0]!.speech).toEqual(expected ?? speech);
});

test.each([
  [
    'a voice that does not speak the language',
    { language: 'fr-CA', voice: 'Polly.Joanna' },
    /speech\.voice: Polly\.Joanna does not speak French \(Canada\): choose one of Polly\.Chantal/,
  ],
  [
    'a language Twilio is not offered in here',
    { language: 'xx-YY', voice: 'Polly.Joanna' },
    /speech\.language: must be one of en-US, en-GB/,
  ],
  ['no voice', { language: 'en-US' }, /speech\.voice/],
])('refused: %s', (_case, speech, message) => {
  const problems = problemsOf(speech);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(message);
});
