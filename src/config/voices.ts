// The languages and voices a workspace's spoken prompts can be read in: Twilio's `<Say language voice>` choices
// (Amazon Polly voices through Twilio), without zod, so that the schema, the TwiML builders and the console read one
// list. A workspace's own words (greetings, whisper, recording announcement, phone menu) are read in its language and
// voice; the project's fixed English sentences ("Sorry, nobody can take your call...") stay in English.

/** The language and voice of a workspace's `<Say>`: Twilio's `language` and `voice` attributes. */
export interface SayVoice {
  language: string;
  voice: string;
}

export interface SayLanguage {
  /** Twilio's `language`: a BCP 47 tag such as fr-CA. */
  language: string;
  /** In words, for the settings page. */
  label: string;
  /** Twilio's `voice` values for it, the first the default. */
  voices: readonly { voice: string; label: string }[];
}

const polly = (name: string, who: string, neural = false) => ({
  voice: `Polly.${name}${neural ? '-Neural' : ''}`,
  label: `${name} (${who}${neural ? ', neural' : ''})`,
});

/** The choices the console offers and the schema accepts (Twilio's text-to-speech table, Amazon Polly). */
export const SAY_LANGUAGES: readonly SayLanguage[] = [
  {
    language: 'en-US',
    label: 'English (United States)',
    voices: [
      polly('Joanna', 'woman'),
      polly('Matthew', 'man'),
      polly('Salli', 'woman'),
      polly('Joey', 'man'),
      polly('Kendra', 'woman'),
      polly('Kimberly', 'woman'),
      polly('Justin', 'child'),
      polly('Joanna', 'woman', true),
      polly('Matthew', 'man', true),
    ],
  },
  { language: 'en-GB', label: 'English (United Kingdom)', voices: [polly('Amy', 'woman'), polly('Brian', 'man'), polly('Emma', 'woman')] },
  { language: 'en-AU', label: 'English (Australia)', voices: [polly('Nicole', 'woman'), polly('Russell', 'man')] },
  { language: 'en-IN', label: 'English (India)', voices: [polly('Raveena', 'woman'), polly('Aditi', 'woman')] },
  { language: 'fr-CA', label: 'French (Canada)', voices: [polly('Chantal', 'woman'), polly('Gabrielle', 'woman', true)] },
  { language: 'fr-FR', label: 'French (France)', voices: [polly('Celine', 'woman'), polly('Mathieu', 'man'), polly('Lea', 'woman')] },
  { language: 'es-MX', label: 'Spanish (Mexico)', voices: [polly('Mia', 'woman'), polly('Andres', 'man', true)] },
  {
    language: 'es-US',
    label: 'Spanish (United States)',
    voices: [polly('Penelope', 'woman'), polly('Miguel', 'man'), polly('Lupe', 'woman')],
  },
  { language: 'es-ES', label: 'Spanish (Spain)', voices: [polly('Conchita', 'woman'), polly('Enrique', 'man'), polly('Lucia', 'woman')] },
  {
    language: 'pt-BR',
    label: 'Portuguese (Brazil)',
    voices: [polly('Camila', 'woman'), polly('Ricardo', 'man'), polly('Vitoria', 'woman')],
  },
  { language: 'de-DE', label: 'German (Germany)', voices: [polly('Marlene', 'woman'), polly('Hans', 'man'), polly('Vicki', 'woman')] },
  { language: 'it-IT', label: 'Italian (Italy)', voices: [polly('Carla', 'woman'), polly('Giorgio', 'man'), polly('Bianca', 'woman')] },
  { language: 'nl-NL', label: 'Dutch (Netherlands)', voices: [polly('Lotte', 'woman'), polly('Ruben', 'man')] },
];

/** What every workspace was read in before the setting existed, and still is by default. */
export const DEFAULT_SAY_VOICE: SayVoice = { language: 'en-US', voice: 'Polly.Joanna' };

export const SAY_LANGUAGE_TAGS = SAY_LANGUAGES.map((entry) => entry.language) as [string, ...string[]];

export const sayLanguage = (language: string): SayLanguage | undefined => SAY_LANGUAGES.find((entry) => entry.language === language);

/** The problem with a voice for a language (Twilio fails a `<Say>` whose voice does not speak its language), or null. */
export function sayVoiceProblem(speech: SayVoice): string | null {
  const language = sayLanguage(speech.language);
  if (!language) return null; // the language's own check says what is wrong with it
  if (language.voices.some((entry) => entry.voice === speech.voice)) return null;
  return `${speech.voice} does not speak ${language.label}: choose one of ${language.voices.map((entry) => entry.voice).join(', ')}`;
}

/** The `<Say>` attributes a workspace's own words are read with (its setting, else the default). */
export function sayVoiceOf(workspace: { speech?: SayVoice | null } | null | undefined): SayVoice {
  const speech = workspace?.speech;
  return speech ? { language: speech.language, voice: speech.voice } : DEFAULT_SAY_VOICE;
}
