// A real sound to play where none can be had: a mono PCM WAV writer and a two-second chime, played by the local
// players (a voicemail when npm start has no Twilio account to fetch it from; a greeting before any is made).

/** A mono 16-bit PCM WAV of these samples (-1..1): the sample the local player plays, and the tests' audio. */
export function pcmWav(samples: ArrayLike<number>, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Two seconds of a soft two-note chime at 8 kHz (what a phone plays): the sample the local players play (a greeting, a voicemail without a Twilio account). */
export function sampleChimeWav(): Buffer {
  const rate = 8000;
  const samples = new Float32Array(rate * 2);
  for (let i = 0; i < samples.length; i++) {
    const t = i / rate;
    const note = t < 1 ? 660 : 880;
    const envelope = Math.min(1, (t % 1) * 20) * Math.max(0, 1 - (t % 1));
    samples[i] = 0.4 * envelope * Math.sin(2 * Math.PI * note * t);
  }
  return pcmWav(samples, rate);
}
