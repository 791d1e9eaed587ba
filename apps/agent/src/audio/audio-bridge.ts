import { AUDIO_OUT, MICROPHONE_IN, type AudioHello, type ConnectTokenClaims } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import OpusScript from 'opusscript';
import type { WebSocket } from 'ws';
import { PcmFrames } from './pcm-frames';
import type { WorkspaceSound } from './workspace-sound';

const SAMPLES_PER_FRAME = (AUDIO_OUT.sampleRate * AUDIO_OUT.frameMs) / 1000;
const FRAME_BYTES = SAMPLES_PER_FRAME * AUDIO_OUT.channels * 2;

/**
 * Sound is live: when the browser cannot take it as fast as it comes, old sound is worth nothing. Above this
 * much queued on the WebSocket (about a third of a second at the chosen bitrate) frames are dropped, not queued.
 */
const MAX_QUEUED_BYTES = (AUDIO_OUT.bitrate / 8) * 0.35;

export interface AudioBridgeDeps {
  sound: WorkspaceSound;
  logger: Logger;
}

/**
 * One viewer's sound: what the workspace plays, as Opus packets (one per message, after a JSON hello that says
 * what follows), and, when the token allows it, the viewer's microphone coming back as Opus packets. A viewer
 * whose token has no microphone right that sends one anyway is disconnected.
 */
export async function bridgeAudio(deps: AudioBridgeDeps, claims: ConnectTokenClaims, ws: WebSocket): Promise<void> {
  const recorder = await deps.sound.record(claims.sid);
  const encoder = new OpusScript(AUDIO_OUT.sampleRate, AUDIO_OUT.channels, OpusScript.Application.AUDIO);
  encoder.setBitrate(AUDIO_OUT.bitrate);
  const microphone = microphoneInto(deps, claims, ws);
  let dropped = 0;
  const hello: AudioHello = { codec: 'opus', ...AUDIO_OUT, microphone: claims.snd.mic };
  ws.send(JSON.stringify(hello));

  recorder.pcm.pipe(new PcmFrames(FRAME_BYTES)).on('data', (frame: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_QUEUED_BYTES) return void dropped++;
    // The encoder answers a view of its own memory, which the next frame overwrites: send a copy.
    ws.send(Buffer.from(encoder.encode(frame, SAMPLES_PER_FRAME)));
  });
  recorder.pcm.once('end', () => ws.close(1011, 'the workspace has no sound server'));
  ws.once('close', () => {
    recorder.close();
    microphone.close();
    encoder.delete();
    if (dropped) deps.logger.info({ sessionId: claims.sid, dropped }, 'sound frames dropped for a slow viewer');
  });
}

/** Opus packets from the browser, decoded into the workspace's microphone; started at the first packet. */
function microphoneInto(deps: AudioBridgeDeps, claims: ConnectTokenClaims, ws: WebSocket) {
  let decoder: OpusScript | undefined;
  let sink: Awaited<ReturnType<WorkspaceSound['microphone']>> | undefined;
  let starting: Promise<void> | undefined;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    if (!claims.snd.mic) return ws.close(1008, 'the policy does not allow the microphone');
    starting ??= deps.sound.microphone(claims.sid).then(
      (opened) => {
        sink = opened;
        decoder = new OpusScript(MICROPHONE_IN.sampleRate, MICROPHONE_IN.channels, OpusScript.Application.VOIP);
      },
      (error: Error) => deps.logger.warn({ sessionId: claims.sid, reason: error.message }, 'microphone could not start'),
    );
    if (!sink || !decoder) return;
    try {
      const pcm = Buffer.from(decoder.decode(data));
      // A workspace that does not keep up loses sound rather than making the agent hold it.
      if (sink.pcm.writableLength < 64 * 1024) sink.pcm.write(pcm);
    } catch {
      ws.close(1007, 'not an Opus packet');
    }
  });
  return {
    close() {
      sink?.close();
      decoder?.delete();
    },
  };
}
