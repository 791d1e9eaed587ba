import { OpenStreams } from './open-streams';

const stream = (sessionId: string, authSessionId: string, closed: string[]) => ({
  sessionId,
  authSessionId,
  close: (reason: string) => closed.push(`${sessionId}/${authSessionId}: ${reason}`),
});

describe('OpenStreams', () => {
  it("should close all of a session's streams, and only that session's", () => {
    const closed: string[] = [];
    const streams = new OpenStreams();
    streams.add(stream('s1', 'a', closed));
    streams.add(stream('s1', 'b', closed));
    streams.add(stream('s2', 'a', closed));
    expect(streams.close({ sessionId: 's1' }, 'session ended')).toBe(2);
    expect(closed).toEqual(['s1/a: session ended', 's1/b: session ended']);
    expect(streams.size).toBe(1);
  });

  it('should close only the streams one browser sign-in opened', () => {
    const closed: string[] = [];
    const streams = new OpenStreams();
    streams.add(stream('s1', 'a', closed));
    streams.add(stream('s1', 'b', closed));
    expect(streams.close({ sessionId: 's1', authSessionId: 'b' }, 'signed out')).toBe(1);
    expect(closed).toEqual(['s1/b: signed out']);
  });

  it("should close only the streams opened through one share, leaving the owner's", () => {
    const closed: string[] = [];
    const streams = new OpenStreams();
    streams.add(stream('s1', 'owner', closed));
    streams.add({ ...stream('s1', 'viewer', closed), shareId: 'share-1' });
    expect(streams.close({ sessionId: 's1', shareId: 'share-1' }, 'share revoked')).toBe(1);
    expect(closed).toEqual(['s1/viewer: share revoked']);
    expect(streams.size).toBe(1);
  });

  it('should forget a stream that closed by itself', () => {
    const streams = new OpenStreams();
    const forget = streams.add(stream('s1', 'a', []));
    forget();
    expect(streams.close({ sessionId: 's1' }, 'x')).toBe(0);
  });
});
