import { MICROPHONE_IN } from '@atrium/contracts';

/** Chromium's reader of a media track's frames (not yet in TypeScript's DOM library). */
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<AudioData>;
}

/**
 * The person's microphone as Opus packets (WebCodecs' AudioEncoder), one per `send`: speech, mono, at the bitrate
 * the contracts name. Resolves once capturing; `stop()` releases the microphone (the browser's indicator goes off).
 */
export async function captureMicrophone(send: (packet: Uint8Array) => void): Promise<{ stop(): void }> {
  const media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  const [track] = media.getAudioTracks();
  if (!track) throw new Error('no microphone track');
  const encoder = new AudioEncoder({
    output: (chunk) => {
      const packet = new Uint8Array(chunk.byteLength);
      chunk.copyTo(packet);
      send(packet);
    },
    error: () => track.stop(),
  });
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      if (encoder.state === 'unconfigured') {
        encoder.configure({ codec: 'opus', sampleRate: value.sampleRate, numberOfChannels: value.numberOfChannels, bitrate: MICROPHONE_IN.bitrate });
      }
      encoder.encode(value);
      value.close();
    }
  })();
  return {
    stop() {
      stopped = true;
      track.stop();
      void reader.cancel();
      if (encoder.state !== 'closed') encoder.close();
    },
  };
}
