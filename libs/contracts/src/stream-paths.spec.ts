import { AGENT_DESKTOP_STREAM_PATTERN, agentDesktopStreamPath, DESKTOP_STREAM_PATTERN, desktopStreamPath } from './stream-paths';

const id = '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77';

describe('stream paths', () => {
  it('should capture the session id of a desktop stream, with or without a query', () => {
    expect(DESKTOP_STREAM_PATTERN.exec(desktopStreamPath(id))?.[1]).toBe(id);
    expect(DESKTOP_STREAM_PATTERN.exec(`${desktopStreamPath(id)}?v=1`)?.[1]).toBe(id);
  });

  it.each([`/desktop/${id}/websockify/x`, `/desktop/${id.toUpperCase()}/websockify`, `/desktop/../${id}/websockify`, `/x/desktop/${id}/websockify`])(
    'should not match %s',
    (path) => {
      expect(DESKTOP_STREAM_PATTERN.test(path)).toBe(false);
    },
  );

  it('should match only the exact agent path', () => {
    expect(AGENT_DESKTOP_STREAM_PATTERN.exec(agentDesktopStreamPath(id))?.[1]).toBe(id);
    expect(AGENT_DESKTOP_STREAM_PATTERN.test(`${agentDesktopStreamPath(id)}?x`)).toBe(false);
  });
});
