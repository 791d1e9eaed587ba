/**
 * The sound's last step: an AudioWorklet that plays decoded frames from a small jitter buffer. It starts once
 * 60 ms are queued, and when more than 250 ms pile up (the tab was in the background, the network bunched
 * packets) it drops the oldest down to the start level, so sound never lags the desktop by more than that.
 * Runs in the AudioWorkletGlobalScope, whose few names are declared here (TypeScript's DOM library has none).
 */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

const START_SECONDS = 0.06;
const MAX_SECONDS = 0.25;

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly queue: Float32Array[][] = [];
  private offset = 0;
  private buffered = 0;
  private playing = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<Float32Array[]>) => this.enqueue(event.data);
  }

  private enqueue(channels: Float32Array[]): void {
    this.queue.push(channels);
    this.buffered += channels[0]?.length ?? 0;
    while (this.buffered > MAX_SECONDS * sampleRate && this.queue.length > 1) {
      const oldest = this.queue.shift() as Float32Array[];
      this.buffered -= (oldest[0]?.length ?? 0) - this.offset;
      this.offset = 0;
      if (this.buffered <= START_SECONDS * sampleRate) break;
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0] as Float32Array[];
    const frames = output[0]?.length ?? 0;
    if (!this.playing && this.buffered < START_SECONDS * sampleRate) return true;
    this.playing = true;
    for (let written = 0; written < frames;) {
      const chunk = this.queue[0];
      if (!chunk) {
        // Ran dry: the rest of this quantum is silence, and playing waits for the start level again.
        this.playing = false;
        break;
      }
      const take = Math.min(frames - written, (chunk[0]?.length ?? 0) - this.offset);
      output.forEach((channel, index) => channel.set((chunk[index] ?? (chunk[0] as Float32Array)).subarray(this.offset, this.offset + take), written));
      written += take;
      this.offset += take;
      this.buffered -= take;
      if (this.offset >= (chunk[0]?.length ?? 0)) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    return true;
  }
}

registerProcessor('atrium-playback', PlaybackProcessor);
