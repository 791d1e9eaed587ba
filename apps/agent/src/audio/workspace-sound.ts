import type { Readable, Writable } from 'node:stream';
import { AUDIO_OUT, MICROPHONE_IN } from '@atrium/contracts';
import type Docker from 'dockerode';
import { DockerStdout } from '../files/docker-stdout';
import { startWorkspaceExec } from '../sessions/workspace-exec';

/**
 * The workspace's sound server (PulseAudio, started by the image as the workspace user; see
 * deploy/images/workspaces/common/pulse-session.pa), reached through `parec` and `pacat` run inside the container
 * as that user: no socket or network of the workspace is opened to the agent, and a recorder asks for 20 ms of
 * latency, which sets how often the null sink hands over sound (its default block is two seconds).
 */
const PCM = ['--raw', '--format=s16le'];

export class WorkspaceSound {
  constructor(private readonly containerOf: (sessionId: string) => Promise<Docker.Container>) {}

  /** Raw PCM of what the workspace plays (s16le, 48 kHz, stereo), until `close()` or the recorder ends. */
  async record(sessionId: string): Promise<{ pcm: Readable; close(): void }> {
    const args = [
      'parec',
      ...PCM,
      `--rate=${AUDIO_OUT.sampleRate}`,
      `--channels=${AUDIO_OUT.channels}`,
      `--latency-msec=${AUDIO_OUT.frameMs}`,
      '--device=atrium_out.monitor',
    ];
    const { stream } = await this.start(sessionId, args, false);
    const pcm = new DockerStdout();
    stream.pipe(pcm);
    stream.once('close', () => pcm.writableEnded || pcm.end());
    return { pcm, close: () => stream.destroy() };
  }

  /** Where raw PCM (s16le, 48 kHz, mono) becomes the workspace's microphone. */
  async microphone(sessionId: string): Promise<{ pcm: Writable; close(): void }> {
    const args = [
      'pacat',
      '--playback',
      ...PCM,
      `--rate=${MICROPHONE_IN.sampleRate}`,
      `--channels=${MICROPHONE_IN.channels}`,
      '--latency-msec=60',
      '--device=atrium_mic_in',
    ];
    const { stream } = await this.start(sessionId, args, true);
    stream.resume();
    return { pcm: stream, close: () => stream.destroy() };
  }

  private async start(sessionId: string, args: string[], stdin: boolean) {
    return startWorkspaceExec(await this.containerOf(sessionId), args, stdin);
  }
}
