import { audioHelloSchema, desktopAudioPath, type AudioHello } from '@atrium/contracts';
import { captureMicrophone } from './microphone';
import workletUrl from './playback.worklet.ts?worker&url';

export type SoundState = 'off' | 'connecting' | 'playing' | 'unavailable';

export interface SoundEvents {
  onState(state: SoundState, sentence?: string): void;
  onMicrophone(on: boolean, sentence?: string): void;
}

/** What a browser needs to play (and send) Opus without a plug-in: WebCodecs and AudioWorklet. */
export const soundSupported = () => typeof AudioDecoder === 'function' && typeof AudioWorkletNode === 'function';

/**
 * A container session's sound in this page: a WebSocket of Opus packets decoded by WebCodecs' AudioDecoder and
 * played by an AudioWorklet (`playback.worklet.ts`) through a gain for the volume. Must be started from a user's
 * gesture (browsers keep an AudioContext silent otherwise). The microphone is captured only when `microphone(true)`
 * is called, from the person's click, and only if the agent said this viewer may send it.
 */
export class SessionAudio {
  private socket?: WebSocket;
  private context?: AudioContext;
  private gain?: GainNode;
  private decoder?: AudioDecoder;
  private hello?: AudioHello;
  private packets = 0;
  private capture?: { stop(): void };

  constructor(
    private readonly sessionId: string,
    private readonly events: SoundEvents,
  ) {}

  /** Call from a click or key press. */
  async start(volume: number): Promise<void> {
    if (this.socket) return;
    if (!soundSupported()) return this.events.onState('unavailable', 'This browser cannot play the session’s sound (it lacks WebCodecs).');
    this.events.onState('connecting');
    this.context = new AudioContext({ sampleRate: 48_000, latencyHint: 'interactive' });
    await this.context.audioWorklet.addModule(workletUrl);
    const playback = new AudioWorkletNode(this.context, 'atrium-playback', { outputChannelCount: [2] });
    this.gain = new GainNode(this.context, { gain: volume });
    playback.connect(this.gain).connect(this.context.destination);
    this.decoder = new AudioDecoder({
      output: (data) => playback.port.postMessage(planesOf(data)),
      error: () => this.events.onState('unavailable', 'The session’s sound could not be decoded.'),
    });
    this.open();
  }

  setVolume(volume: number): void {
    this.gain?.gain.setTargetAtTime(volume, this.gain.context.currentTime, 0.02);
  }

  /** Turns the microphone on or off; on, it asks the browser for it (the browser asks the person the first time). */
  async microphone(on: boolean): Promise<void> {
    this.capture?.stop();
    this.capture = undefined;
    if (!on) return this.events.onMicrophone(false);
    if (!this.hello?.microphone) return this.events.onMicrophone(false, 'Your policy does not allow the microphone in sessions.');
    try {
      this.capture = await captureMicrophone((packet) => this.socket?.readyState === WebSocket.OPEN && this.socket.send(packet));
      this.events.onMicrophone(true);
    } catch (error) {
      this.events.onMicrophone(false, `The microphone is not available: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.capture?.stop();
    this.socket?.close();
    this.socket = undefined;
    if (this.decoder?.state !== 'closed') this.decoder?.close();
    void this.context?.close();
    this.events.onState('off');
  }

  private open(): void {
    const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}${desktopAudioPath(this.sessionId)}`);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') return this.configure(event.data);
      if (!this.hello || this.decoder?.state !== 'configured') return;
      const timestamp = this.packets++ * this.hello.frameMs * 1000;
      this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: event.data }));
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.events.onState('unavailable', event.reason || 'The session’s sound is not available.');
    };
  }

  private configure(text: string): void {
    const hello = audioHelloSchema.safeParse(JSON.parse(text));
    if (!hello.success || !this.decoder) return;
    this.hello = hello.data;
    this.decoder.configure({ codec: 'opus', sampleRate: hello.data.sampleRate, numberOfChannels: hello.data.channels });
    this.events.onState('playing');
  }
}

/** A decoded frame as one Float32Array per channel, for the worklet (transferred, not shared). */
function planesOf(data: AudioData): Float32Array[] {
  const planes = Array.from({ length: data.numberOfChannels }, (_, index) => {
    const plane = new Float32Array(data.numberOfFrames);
    data.copyTo(plane, { planeIndex: index, format: 'f32-planar' });
    return plane;
  });
  data.close();
  return planes;
}
