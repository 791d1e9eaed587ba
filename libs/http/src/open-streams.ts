/** A stream a browser holds open to a session (a desktop WebSocket, a Guacamole tunnel). */
export interface OpenStream {
  sessionId: string;
  /** The browser sign-in that opened it, so that signing out closes exactly that browser's streams. */
  authSessionId?: string;
  /** The share it was opened through, if a viewer opened it. */
  shareId?: string;
  close(reason: string): void;
}

/**
 * The open streams of a role, so that the control plane can end them: all of a session's when the session
 * ends, or one browser sign-in's when that user signs out.
 */
export class OpenStreams {
  private readonly streams = new Set<OpenStream>();

  /** Registers a stream; call the returned function when it closes. */
  add(stream: OpenStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** Closes the session's streams, or only those one browser sign-in or one share opened; returns how many. */
  close(filter: { sessionId: string; authSessionId?: string; shareId?: string }, reason: string): number {
    const matching = [...this.streams].filter(
      (stream) =>
        stream.sessionId === filter.sessionId &&
        (filter.authSessionId === undefined || stream.authSessionId === filter.authSessionId) &&
        (filter.shareId === undefined || stream.shareId === filter.shareId),
    );
    for (const stream of matching) {
      this.streams.delete(stream);
      stream.close(reason);
    }
    return matching.length;
  }

  get size(): number {
    return this.streams.size;
  }
}
