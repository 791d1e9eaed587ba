import { z } from 'zod';
import { SESSION_ID_PATTERN } from './stream-paths';

/**
 * Sound of a container session: the agent reads what the workspace plays (PulseAudio's null sink, raw PCM),
 * encodes it as Opus and sends one packet per WebSocket message; the browser decodes with WebCodecs and plays
 * through an AudioWorklet. The microphone goes the other way, Opus from the browser's AudioEncoder.
 */
export const AUDIO_OUT = {
  sampleRate: 48_000,
  channels: 2,
  /** One Opus packet per 20 ms: Opus's usual frame, a fair trade between overhead and delay. */
  frameMs: 20,
  /**
   * 96 kbit/s: transparent for music and film soundtracks in stereo Opus (speech needs a third of it); about
   * 12 KB/s, against the desktop stream's hundreds.
   */
  bitrate: 96_000,
} as const;

export const MICROPHONE_IN = {
  sampleRate: 48_000,
  channels: 1,
  frameMs: 20,
  /** Speech, mono: 32 kbit/s is Opus's wideband-speech sweet spot. */
  bitrate: 32_000,
  /** A packet from the browser larger than this ends the stream (a 20 ms Opus frame at 32 kbit/s is about 80 bytes). */
  maxPacketBytes: 4096,
} as const;

/** The agent's first message on an audio stream: what follows, and whether the microphone may be sent. */
export const audioHelloSchema = z.object({
  codec: z.literal('opus'),
  sampleRate: z.number().int(),
  channels: z.number().int(),
  frameMs: z.number().int(),
  bitrate: z.number().int(),
  microphone: z.boolean(),
});
export type AudioHello = z.infer<typeof audioHelloSchema>;

/** The browser's WebSocket to a container session's sound, through kasm_proxy. */
export const desktopAudioPath = (sessionId: string) => `/desktop/${sessionId}/audio`;
/** The same stream as the agent serves it. */
export const agentDesktopAudioPath = (sessionId: string) => `/v1/desktop/${sessionId}/audio`;

export const DESKTOP_AUDIO_PATTERN = new RegExp(`^${desktopAudioPath(`(${SESSION_ID_PATTERN})`)}(?:\\?.*)?$`);
export const AGENT_DESKTOP_AUDIO_PATTERN = new RegExp(`^${agentDesktopAudioPath(`(${SESSION_ID_PATTERN})`)}$`);
