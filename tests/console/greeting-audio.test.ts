// A greeting's audio read from its own bytes (src/console/greeting-audio.ts): MP3 and WAV files as recorders and
// encoders write them, with their length, and every file a phone could not play, or a caller would not wait for,
// refused with what to do. Files are built here byte by byte from the formats' own layouts.
import { checkGreetingAudio, GREETING_MAX_BYTES } from '../../src/console/greeting-audio';

/** A RIFF/WAVE file: a fmt chunk (encoding, channels, rate, byte rate, bits), optional chunks, then data. */
function wav(options: {
  encoding?: number;
  byteRate?: number;
  dataBytes: number;
  dataSizeField?: number;
  before?: Buffer;
  noFmt?: boolean;
  noData?: boolean;
}) {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(options.encoding ?? 1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(options.byteRate ?? 16000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'ascii');
  dataHeader.writeUInt32LE(options.dataSizeField ?? options.dataBytes, 4);
  const parts = [
    ...(options.noFmt ? [] : [fmt]),
    ...(options.before ? [options.before] : []),
    ...(options.noData ? [] : [dataHeader, Buffer.alloc(options.dataBytes, 0x11)]),
  ];
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length + 4, 4);
  riff.write('WAVE', 8, 'ascii');
  return Buffer.concat([riff, body]);
}

function listChunk(): Buffer {
  const chunk = Buffer.alloc(8 + 13 + 1); // odd size: padded to even, as RIFF requires
  chunk.write('LIST', 0, 'ascii');
  chunk.writeUInt32LE(13, 4);
  chunk.write('INFOISFT Lavf', 8, 'ascii');
  return chunk;
}

/** `count` MPEG audio frames with this 4-byte header, each `length` bytes long (the rest zero). */
function mp3Frames(header: number[], length: number, count: number): Buffer {
  const frame = Buffer.alloc(length);
  Buffer.from(header).copy(frame);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

/** An ID3v2.4 tag of `size` bytes of content (its size written syncsafe). */
function id3(size: number): Buffer {
  return Buffer.concat([
    Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]),
    Buffer.alloc(size),
  ]);
}

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of 1152 samples (26.1 ms).
const MPEG1_128K = [0xff, 0xfb, 0x90, 0x00];
// MPEG-2 Layer III, 64 kbit/s, 22.05 kHz: 208-byte frames of 576 samples (26.1 ms).
const MPEG2_64K = [0xff, 0xf3, 0x80, 0x00];

describe('accepted, with their length', () => {
  test.each([
    ['a 2 s mono 16-bit PCM WAV at 8 kHz', wav({ dataBytes: 32000 }), 'wav', 2],
    ['a WAV with a LIST chunk (odd-sized, padded) before its data', wav({ dataBytes: 48000, before: listChunk() }), 'wav', 3],
    ['a mu-law WAV (8000 bytes a second)', wav({ encoding: 7, byteRate: 8000, dataBytes: 40000 }), 'wav', 5],
    ['a WAV whose recorder never wrote the data size (0): the rest of the file', wav({ dataBytes: 16000, dataSizeField: 0 }), 'wav', 1],
    ['a WAV whose data size says 0xFFFFFFFF (a stream)', wav({ dataBytes: 24000, dataSizeField: 0xffffffff }), 'wav', 1.5],
    ['an MP3 of 100 MPEG-1 frames', mp3Frames(MPEG1_128K, 417, 100), 'mp3', 2.6],
    ['an MP3 with an ID3v2 tag first', Buffer.concat([id3(300), mp3Frames(MPEG1_128K, 417, 230)]), 'mp3', 6],
    ['an MPEG-2 (22.05 kHz) MP3', mp3Frames(MPEG2_64K, 208, 383), 'mp3', 10],
  ])('%s', (_title, bytes, format, seconds) => {
    const checked = checkGreetingAudio(bytes);
    expect(checked).toEqual({
      ok: true,
      audio: { format, contentType: format === 'wav' ? 'audio/wav' : 'audio/mpeg', bytes: bytes.length, seconds },
    });
  });
});

describe('refused, saying what to do', () => {
  test.each([
    ['an empty file', Buffer.alloc(0), /empty/],
    [
      'a file over the size limit',
      Buffer.concat([wav({ dataBytes: 16000 }), Buffer.alloc(GREETING_MAX_BYTES)]),
      /at most 700 KB.*mono MP3/,
    ],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not an MP3 or WAV/],
    ['plain text', Buffer.from('hello, this is not audio'), /not an MP3 or WAV/],
    ['a float WAV (format 3, which phones do not play)', wav({ encoding: 3, dataBytes: 16000 }), /format 3.*PCM, mu-law or a-law/],
    ['a WAV with no data chunk', wav({ dataBytes: 0, noData: true }), /no data chunk/],
    ['a WAV with no format chunk', wav({ dataBytes: 1600, noFmt: true }), /no format chunk/],
    ['one MP3 frame sync and then nothing', Buffer.concat([Buffer.from(MPEG1_128K), Buffer.alloc(20)]), /no MP3 audio frames/],
    ['a 0.2 s WAV', wav({ dataBytes: 3200 }), /0\.2 s long.*at least/],
    ['a WAV of 200 s (its header says 1000 bytes a second)', wav({ byteRate: 1000, dataBytes: 200_000 }), /200 s long.*at most 180 s/],
  ])('%s', (_title, bytes, message) => {
    const checked = checkGreetingAudio(bytes);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });
});
