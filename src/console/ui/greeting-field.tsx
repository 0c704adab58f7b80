// A greeting you can hear, wherever the settings set one (the company's, each user's, a phone menu's): the audio
// link as a field, a player that says in words why it cannot play, and three ways to make a new one — upload an MP3
// or WAV, record with the microphone (encoded in the page as 8 kHz 16-bit PCM WAV, which <Play> plays; the
// browser's own MediaRecorder gives webm/ogg, which it does not), or "call me to record" (the server calls, <Record>s,
// and gives back the recording's signed link). Each plays back before it is used; "Use this recording" puts its
// link in the draft, and the page's Save saves it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { BROWSER_RECORDING_MAX_SECONDS, BROWSER_RECORDING_RATE, GREETING_MAX_BYTES } from '../greeting-limits';
import { call } from './api';
import { fieldId, getAt } from './draft';
import { type FieldContext, InputField, TextField } from './fields';
import { localeOf, parsePhone } from './format';

/** Why an <audio> could not play `src`, in words: the server's own sentence when it sent one. */
async function whyNotPlayable(src: string, error: MediaError | null): Promise<string> {
  let url: URL;
  try {
    url = new URL(src, location.href);
  } catch {
    return 'This is not a link to a recording: it must start with https://.';
  }
  if (url.origin === location.origin) {
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok)
        return `This recording cannot be played: ${type.startsWith('text/') ? (await response.text()).trim() : `the link answered ${response.status}`}`;
      if (!type.startsWith('audio/')) return `This recording cannot be played: the link gives ${type || 'something'} rather than audio.`;
    } catch {
      return 'This recording cannot be played: its link could not be reached.';
    }
  }
  if (error?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED)
    return `This recording cannot be played: ${url.host} did not give audio this browser can play (a wrong link, or a file that is not MP3 or WAV).`;
  if (error?.code === MediaError.MEDIA_ERR_NETWORK) return `This recording cannot be played: ${url.host} could not be reached.`;
  return 'This recording cannot be played: the file is damaged or not MP3 or WAV.';
}

/** An audio player that says why when it cannot play. */
export function AudioPlayer({ src, label, preload = 'metadata' }: { src: string; label: string; preload?: 'none' | 'metadata' }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setProblem(null), [src]);
  return (
    <div class="audio-player">
      {/* biome-ignore lint/a11y/useMediaCaption: a greeting has no caption track; its words, when typed, are the field beside it */}
      <audio
        controls
        preload={preload}
        src={src}
        aria-label={label}
        onError={(event) => {
          const audio = event.currentTarget as HTMLAudioElement;
          void whyNotPlayable(src, audio.error).then(setProblem);
        }}
      />
      {problem ? (
        <p class="problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** A recording made here, heard before it is used: its bytes (to upload) or a link it already has (by phone). */
type Pending =
  | { source: 'file' | 'microphone'; name: string; bytes: Uint8Array; listen: string }
  | { source: 'phone'; name: string; url: string };

function base64Of(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

/** 16-bit PCM mono WAV of `samples` (-1..1) at `rate`. */
function wavOf(samples: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(at + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return bytes;
}

/** Averages `input` (at `from` Hz) down to `to` Hz. */
function downsample(input: Float32Array, from: number, to: number): Float32Array {
  const ratio = from / to;
  const output = new Float32Array(Math.floor(input.length / ratio));
  for (let i = 0; i < output.length; i++) {
    const start = Math.floor(i * ratio);
    const end = Math.min(input.length, Math.floor((i + 1) * ratio));
    let sum = 0;
    for (let j = start; j < end; j++) sum += input[j]!;
    output[i] = sum / Math.max(1, end - start);
  }
  return output;
}

interface MicrophoneRecording {
  stop(): Uint8Array;
  cancel(): void;
}

/** Records the microphone as raw samples (Web Audio), turned into a WAV on stop; `onSecond` ticks the length. */
async function startMicrophone(onSecond: (seconds: number) => void, onFull: () => void): Promise<MicrophoneRecording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(4096, 1, 1);
  const chunks: Float32Array[] = [];
  let length = 0;
  const limit = BROWSER_RECORDING_MAX_SECONDS * context.sampleRate;
  processor.onaudioprocess = (event) => {
    if (length >= limit) return;
    const samples = new Float32Array(event.inputBuffer.getChannelData(0));
    chunks.push(samples);
    const before = Math.floor(length / context.sampleRate);
    length += samples.length;
    if (Math.floor(length / context.sampleRate) !== before) onSecond(Math.floor(length / context.sampleRate));
    if (length >= limit) onFull();
  };
  source.connect(processor);
  processor.connect(context.destination);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    processor.disconnect();
    source.disconnect();
    for (const track of stream.getTracks()) track.stop();
    void context.close();
  };
  return {
    stop() {
      close();
      const all = new Float32Array(length);
      let at = 0;
      for (const chunk of chunks) {
        all.set(chunk.subarray(0, Math.min(chunk.length, length - at)), at);
        at += chunk.length;
        if (at >= length) break;
      }
      return wavOf(downsample(all, context.sampleRate, BROWSER_RECORDING_RATE), BROWSER_RECORDING_RATE);
    },
    cancel: close,
  };
}

const microphoneProblem = (error: unknown): string => {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError')
    return 'The browser was not allowed to use the microphone. Allow it (the icon in the address bar) and try again, or upload a file.';
  if (name === 'NotFoundError') return 'No microphone was found. Connect one, or upload a file or use "Call me to record".';
  if (!navigator.mediaDevices?.getUserMedia) return 'This browser cannot record here (it needs https or localhost). Upload a file instead.';
  return `The microphone could not be used: ${(error as Error).message}`;
};

/**
 * The greeting at `urlPath` of the draft: its link, a player, and upload / record / call me to record. `label`
 * names the greeting ("Company voicemail greeting", "Greeting of Alice Ng").
 */
export function GreetingField({ ctx, label, urlPath, hint }: { ctx: FieldContext; label: string; urlPath: string; hint?: string }) {
  const id = fieldId(urlPath);
  // The draft is the workspace: its id names it to the server.
  const workspaceId = String(ctx.draft.id ?? '');
  const url = getAt(ctx.draft, urlPath);
  // Played once it reads as a whole link (not while its first letters are typed).
  const current = typeof url === 'string' && /^https?:\/\/[^/\s]+\/\S*$/.test(url.trim()) ? url.trim() : null;
  const [pending, setPending] = useState<Pending | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [recording, setRecording] = useState<MicrophoneRecording | null>(null);
  const [seconds, setSeconds] = useState(0);
  const [callTo, setCallTo] = useState('');
  const [calling, setCalling] = useState<string | null>(null);
  const stopRef = useRef<() => void>(() => {});
  const locale = localeOf(ctx.draft as Parameters<typeof localeOf>[0]);

  const offer = (next: Pending | null) => {
    setPending((previous) => {
      if (previous && previous.source !== 'phone') URL.revokeObjectURL(previous.listen);
      return next;
    });
  };
  useEffect(() => () => offer(null), []);

  const fromBytes = (source: 'file' | 'microphone', name: string, bytes: Uint8Array, type: string) =>
    offer({ source, name, bytes, listen: URL.createObjectURL(new Blob([bytes as BlobPart], { type })) });

  const chooseFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setProblem(null);
    if (file.size > GREETING_MAX_BYTES) {
      setProblem(
        `${file.name} is ${Math.round(file.size / 1024)} KB; a greeting can be at most ${Math.round(GREETING_MAX_BYTES / 1024)} KB. Save it as a mono MP3 or record a shorter one.`,
      );
      return;
    }
    fromBytes('file', file.name, new Uint8Array(await file.arrayBuffer()), file.type || 'audio/mpeg');
    setStatus(`${file.name}: listen to it, then use it.`);
  };

  const stopRecording = () => stopRef.current();
  const startRecording = async () => {
    setProblem(null);
    try {
      const started = await startMicrophone(setSeconds, () => setTimeout(() => stopRef.current(), 0));
      stopRef.current = () => {
        const bytes = started.stop();
        setRecording(null);
        fromBytes('microphone', 'Your recording', bytes, 'audio/wav');
        setStatus('Recorded: listen to it, then use it.');
        stopRef.current = () => {};
      };
      setSeconds(0);
      setRecording(started);
      setStatus(`Recording… speak now (at most ${BROWSER_RECORDING_MAX_SECONDS} s).`);
    } catch (error) {
      setProblem(microphoneProblem(error));
    }
  };
  useEffect(() => () => recording?.cancel(), [recording]);

  const callMe = async () => {
    setProblem(null);
    const parsed = parsePhone(callTo, locale);
    if ('error' in parsed) {
      setProblem(`The number to call: ${parsed.error}`);
      return;
    }
    try {
      setStatus('Calling…');
      const placed = await call<{ callSid: string }>('console-greetings', { workspace: workspaceId, action: 'call-me', to: parsed.e164 });
      setCalling(placed.callSid);
      setStatus('Answer the call, say your greeting after the tone, then press #. It appears here when Twilio has it.');
    } catch (error) {
      setStatus('');
      setProblem((error as Error).message);
    }
  };
  const checkCall = async () => {
    if (!calling) return;
    try {
      const answer = await call<{ status: string; url?: string; seconds?: number }>('console-greetings', {
        workspace: workspaceId,
        action: 'recorded',
        callSid: calling,
      });
      if (answer.status === 'recorded' && answer.url) {
        setCalling(null);
        offer({ source: 'phone', name: 'Your phone recording', url: answer.url });
        setStatus(`Recorded by phone (${answer.seconds ?? 0} s): listen to it, then use it.`);
      } else setStatus(answer.status === 'processing' ? 'Twilio is finishing the recording…' : 'Waiting for your recording…');
    } catch (error) {
      setCalling(null);
      setProblem((error as Error).message);
    }
  };
  useEffect(() => {
    if (!calling) return;
    const timer = setInterval(() => void checkCall(), 3000);
    return () => clearInterval(timer);
  }, [calling]);

  const use = async () => {
    if (!pending) return;
    setProblem(null);
    try {
      let link: string;
      if (pending.source === 'phone') link = pending.url;
      else {
        setStatus('Uploading…');
        const stored = await call<{ url: string; seconds: number }>('console-greetings', {
          workspace: workspaceId,
          action: 'upload',
          audio: base64Of(pending.bytes),
        });
        link = stored.url;
      }
      ctx.change(urlPath, link);
      offer(null);
      setStatus(`${label} set: save the settings to keep it.`);
    } catch (error) {
      setStatus('');
      setProblem((error as Error).message);
    }
  };

  return (
    <fieldset class="greeting-field">
      <legend class="greeting-title">{label}</legend>
      <TextField ctx={ctx} label={`${label}: audio link`} path={urlPath} hint={hint ?? 'An https:// MP3 or WAV, or make one below'} />
      {current ? <AudioPlayer src={current} label={`Play: ${label}`} /> : null}
      {ctx.disabled ? null : (
        <div class="greeting-make">
          <label class="button secondary file-button" for={`${id}-file`}>
            Upload an MP3 or WAV
            <input
              id={`${id}-file`}
              type="file"
              accept=".mp3,.wav,audio/mpeg,audio/wav"
              aria-label={`Upload an MP3 or WAV: ${label}`}
              onChange={chooseFile}
            />
          </label>
          {recording ? (
            <button type="button" onClick={stopRecording} aria-label={`Stop recording: ${label}`}>
              Stop recording ({seconds} s)
            </button>
          ) : (
            <button type="button" class="secondary" onClick={startRecording} aria-label={`Record with the microphone: ${label}`}>
              Record with the microphone
            </button>
          )}
          <details class="greeting-call">
            <summary aria-label={`Call me to record: ${label}`}>Call me to record</summary>
            <InputField
              id={`${id}-call-to`}
              label={`Phone to call to record: ${label}`}
              type="tel"
              autoComplete="tel"
              value={callTo}
              onValue={setCallTo}
            />
            <button type="button" class="secondary" onClick={callMe} disabled={Boolean(calling)} aria-label={`Call me: ${label}`}>
              Call me
            </button>
            {calling ? (
              <button type="button" class="secondary" onClick={() => void checkCall()} aria-label={`Check for my recording: ${label}`}>
                Check for my recording
              </button>
            ) : null}
          </details>
        </div>
      )}
      {pending ? (
        <div class="greeting-pending">
          <AudioPlayer src={pending.source === 'phone' ? pending.url : pending.listen} label={`Listen before using it: ${pending.name}`} />
          <button type="button" onClick={use} aria-label={`Use this recording: ${label}`}>
            Use this recording
          </button>
          <button type="button" class="secondary" onClick={() => offer(null)} aria-label={`Discard: ${label}`}>
            Discard
          </button>
        </div>
      ) : null}
      <p class="hint" role="status" aria-live="polite">
        {status}
      </p>
      {problem ? (
        <p class="problem" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
