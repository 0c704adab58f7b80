// The web phone's connection to Twilio: @twilio/voice-sdk's Device, registered with an access token from
// console-phone-token. Loaded as its own chunk by the phone page only, so the settings pages stay light.
import { Call, Device } from '@twilio/voice-sdk';

export const SDK_VERSION: string = Device.version;

export interface IncomingCall {
  from: string;
  accept(): void;
  reject(): void;
  hangUp(): void;
  onEnd(handler: () => void): void;
}

export interface WebPhone {
  /** Calls through the TwiML App (its Voice URL is /outbound-call). */
  dial(to: string): Promise<{ hangUp(): void; onEnd(handler: () => void): void }>;
  goOffline(): void;
}

const wrap = (call: Call) => ({
  hangUp: () => call.disconnect(),
  onEnd: (handler: () => void) => {
    call.on('disconnect', handler);
    call.on('cancel', handler);
    call.on('reject', handler);
  },
});

export async function goOnline(
  token: string,
  handlers: { incoming(call: IncomingCall): void; error(message: string): void; tokenWillExpire(): Promise<string> },
): Promise<WebPhone> {
  const device = new Device(token, { closeProtection: true, codecPreferences: [Call.Codec.Opus, Call.Codec.PCMU] });
  device.on('incoming', (call: Call) => {
    handlers.incoming({ from: call.parameters.From ?? '', accept: () => call.accept(), reject: () => call.reject(), ...wrap(call) });
  });
  device.on('error', (error: { message?: string }) => handlers.error(error.message ?? 'The web phone failed'));
  device.on('tokenWillExpire', async () => device.updateToken(await handlers.tokenWillExpire()));
  await device.register();
  return {
    dial: async (to) => wrap(await device.connect({ params: { To: to } })),
    goOffline: () => device.destroy(),
  };
}
