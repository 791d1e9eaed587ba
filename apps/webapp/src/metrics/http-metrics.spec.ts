import { routeOf } from './http-metrics.middleware';

describe('the route a request counts under', () => {
  it('keeps the path and replaces what identifies one object', () => {
    expect(routeOf('/api/users/0b9c6a7e-1111-4a4a-8a8a-123456789abc/profiles')).toBe('/api/users/:id/profiles');
    expect(routeOf('/api/shares/AAAAAAAAAAAAAAAAAAAAAA/join')).toBe('/api/shares/:id/join');
    expect(routeOf('/api/audit')).toBe('/api/audit');
    expect(routeOf('/api/public/get_kasm_frame_stats')).toBe('/api/public/get_kasm_frame_stats');
    expect(routeOf('/api/sessions/42')).toBe('/api/sessions/:id');
    expect(routeOf('/api/auth/second-factor/webauthn/options')).toBe('/api/auth/second-factor/webauthn/options');
  });
});
