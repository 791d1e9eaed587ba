import { MAX_ROUTES, routeLabel } from './http-metrics.middleware';

describe('the route a request counts under', () => {
  it("takes the matched route's pattern, and replaces ids in the path it is mounted under", () => {
    expect(routeLabel('/api/users/0b9c6a7e-1111-4a4a-8a8a-123456789abc/profiles', '/')).toBe('/api/users/:id/profiles');
    expect(routeLabel('/api/shares/AAAAAAAAAAAAAAAAAAAAAA/join', '/:shareId/join')).toBe('/api/shares/:shareId/join');
    expect(routeLabel('/api/audit', '/')).toBe('/api/audit');
    expect(routeLabel('/api/sessions/42/pause', '/:sessionId/:action')).toBe('/api/sessions/:sessionId/:action');
  });

  it('gives every verb of a catch-all route one series, whatever a client sends', () => {
    expect(routeLabel('/api/public/get_kasm_frame_stats', '/:verb')).toBe('/api/public/:verb');
    expect(routeLabel('/api/public/made-up-by-anyone', '/:verb')).toBe('/api/public/:verb');
  });

  it('stops adding series at its bound', () => {
    for (let index = 0; index < MAX_ROUTES + 10; index++) routeLabel(`/api/mount${index}/x`, '/x');
    expect(routeLabel('/api/never-seen-before/x', '/x')).toBe('other');
    expect(routeLabel('/api/audit', '/')).toBe('/api/audit');
  });
});
