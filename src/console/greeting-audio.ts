// What an uploaded greeting is, read from its own bytes: an MP3 (frame headers, after any ID3v2 tag) or a WAV
// (RIFF: its fmt and data chunks), with its duration, checked against the limits a greeting keeps (size, length,
// encodings <Play> plays). Pure: bytes in, a description or a sentence saying what to do out.

import { GREETING_MAX_BYTES, GREETING_MAX_SECONDS, GREETING_MIN_SECONDS } from './greeting-limits';

export { pcmWav, sampleChimeWav } from '../notify/sample-audio';

export { GREETING_MAX_BASE64, GREETING_MAX_BYTES, GREETING_MAX_SECONDS, GREETING_MIN_SECONDS } from './greeting-limits';

export type GreetingFormat = 'mp3' | 'wav';

export interface GreetingAudio {
  format: GreetingFormat;
  contentType: 'audio/mpeg' | 'audio/wav';
  bytes: number;
  seconds: number;
}

export type AudioCheck = { ok: true; audio: GreetingAudio } | { ok: false; error: string };

const refuse = (error: string): AudioCheck => ({ ok: false, error });
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** WAV encodings Twilio's <Play> plays: PCM (8 or 16 bit) and mu-law / a-law. */
const WAV_FORMATS = new Map([
  [1, 'PCM'],
  [6, 'a-law'],
  [7, 'mu-law'],
]);

function readWav(bytes: Buffer): { seconds: number } | { error: string } {
  let offset = 12;
  let byteRate = 0;
  let dataBytes = -1;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return { error: 'its format chunk is cut short' };
      const format = bytes.readUInt16LE(body);
      const extensible = format === 0xfffe && size >= 26 && body + 26 <= bytes.length ? bytes.readUInt16LE(body + 24) : null;
      const encoding = extensible ?? format;
      if (!WAV_FORMATS.has(encoding)) return { error: `it is encoded as format ${encoding}; phones play PCM, mu-law or a-law WAV` };
      byteRate = bytes.readUInt32LE(body + 8);
    } else if (id === 'data') {
      // A recorder that never went back to write the size leaves 0 or 0xFFFFFFFF: the rest of the file is the data.
      dataBytes = size === 0 || size === 0xffffffff ? bytes.length - body : Math.min(size, bytes.length - body);
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!byteRate) return { error: 'it has no format chunk' };
  if (dataBytes < 0) return { error: 'it has no audio (no data chunk)' };
  return { seconds: dataBytes / byteRate };
}

// MPEG audio frame headers: bitrates (kbit/s) by [MPEG-1 ? 0 : 1][layer 1..3][index], sample rates by version.
const BITRATES: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

interface Frame {
  length: number;
  seconds: number;
}

function mp3Frame(bytes: Buffer, offset: number): Frame | null {
  if (offset + 4 > bytes.length) return null;
  const [b0, b1, b2] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
  const layer = 4 - ((b1 >> 1) & 3); // 1, 2 or 3 (4: reserved)
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const kbps = BITRATES[`${version === 3 ? 1 : 2}-${layer}`]![bitrateIndex]!;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && version !== 3 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return length > 4 ? { length, seconds: samples / sampleRate } : null;
}

function readMp3(bytes: Buffer): { seconds: number } | { error: string } {
  let offset = 0;
  if (bytes.toString('ascii', 0, 3) === 'ID3' && bytes.length >= 10) {
    const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    offset = 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
  }
  let seconds = 0;
  let frames = 0;
  while (offset < bytes.length) {
    const frame = mp3Frame(bytes, offset);
    if (!frame) break;
    seconds += frame.seconds;
    frames += 1;
    offset += frame.length;
  }
  // Two frames in a row at least: a stray 0xFFE sync in other data is not an MP3.
  if (frames < 2) return { error: 'no MP3 audio frames were found in it' };
  return { seconds };
}

function formatOf(bytes: Buffer): GreetingFormat | null {
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE') return 'wav';
  if (bytes.toString('ascii', 0, 3) === 'ID3' || mp3Frame(bytes, 0)) return 'mp3';
  return null;
}

/** Reads and checks a greeting's audio: an MP3 or WAV of at most GREETING_MAX_BYTES and GREETING_MAX_SECONDS. */
export function checkGreetingAudio(bytes: Buffer): AudioCheck {
  if (bytes.length === 0) return refuse('The file is empty. Choose an MP3 or WAV recording.');
  if (bytes.length > GREETING_MAX_BYTES)
    return refuse(
      `The file is ${kib(bytes.length)}; a greeting can be at most ${kib(GREETING_MAX_BYTES)}. Save it as a mono MP3 (64 kbit/s is plenty for a phone) or a shorter recording.`,
    );
  const format = formatOf(bytes);
  if (!format) return refuse('This is not an MP3 or WAV file. Save the greeting as MP3 or WAV and upload it again.');
  const read = format === 'wav' ? readWav(bytes) : readMp3(bytes);
  if ('error' in read) return refuse(`This ${format.toUpperCase()} file cannot be played: ${read.error}.`);
  const seconds = Math.round(read.seconds * 10) / 10;
  if (seconds < GREETING_MIN_SECONDS) return refuse(`The recording is ${seconds} s long; a greeting needs at least a second of speech.`);
  if (seconds > GREETING_MAX_SECONDS)
    return refuse(
      `The recording is ${Math.round(seconds)} s long; a greeting can be at most ${GREETING_MAX_SECONDS} s (callers hang up on long greetings).`,
    );
  return { ok: true, audio: { format, contentType: format === 'wav' ? 'audio/wav' : 'audio/mpeg', bytes: bytes.length, seconds } };
}
