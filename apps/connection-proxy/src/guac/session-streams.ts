import type { WebSocket } from 'ws';

/** The open Guacamole streams of each session, so that ending a session ends its streams too. */
export class SessionStreams {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(sessionId: string, ws: WebSocket): void {
    const streams = this.bySession.get(sessionId) ?? new Set<WebSocket>();
    streams.add(ws);
    this.bySession.set(sessionId, streams);
    ws.once('close', () => {
      streams.delete(ws);
      if (streams.size === 0) this.bySession.delete(sessionId);
    });
  }

  /** Closes every stream of the session; returns how many there were. */
  close(sessionId: string): number {
    const streams = [...(this.bySession.get(sessionId) ?? [])];
    for (const ws of streams) ws.close(1000, 'session ended');
    return streams.length;
  }
}
