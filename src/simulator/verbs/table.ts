// The verbs the simulator rehearses on the caller's call, one handler each (one file per verb, on the
// contract in ./verb.ts). Teaching the simulator a verb is one file and one entry here; a verb not in the
// table stops the simulation with an error that names it.
import { dial } from './dial';
import { gather } from './gather';
import { hangup } from './hangup';
import { pause } from './pause';
import { play } from './play';
import { record } from './record';
import { redirect } from './redirect';
import { reject } from './reject';
import { say } from './say';
import type { VerbHandler, VerbTable } from './verb';

export const CALL_VERBS: VerbTable<VerbHandler> = {
  Say: say,
  Play: play,
  Pause: pause,
  Reject: reject,
  Hangup: hangup,
  Record: record,
  Dial: dial,
  Redirect: redirect,
  Gather: gather,
};

export { WHISPER_VERBS } from './whisper';
