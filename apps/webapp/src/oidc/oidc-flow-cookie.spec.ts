import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { clearedFlowCookie, flowCookie, readFlow, type OidcFlow } from './oidc-flow-cookie';

const cipher = new CredentialsCipher(randomBytes(32).toString('base64url'));
const flow: OidcFlow = { providerId: 'p', state: 's', nonce: 'n', codeVerifier: 'v', next: '/', expiresAt: Date.now() + 60_000 };
const cookieValue = (setCookie: string) => setCookie.split(';')[0];

describe('the sign-in flow cookie', () => {
  it('should read back the flow it sealed, among other cookies', () => {
    const header = `other=1; ${cookieValue(flowCookie(cipher, flow, true))}; atrium_session=x`;
    expect(readFlow(cipher, header)).toEqual(flow);
  });

  it('should be HttpOnly, Lax (the provider sends the browser back cross-site), Secure and only for the sign-in paths', () => {
    const cookie = flowCookie(cipher, flow, true);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/api/auth/oidc');
    expect(clearedFlowCookie(true)).toContain('Max-Age=0');
  });

  it('should find no flow in a tampered, foreign, expired or missing cookie', () => {
    const sealed = cookieValue(flowCookie(cipher, flow, true)).split('=')[1] ?? '';
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'AB' : 'AA');
    expect(readFlow(cipher, `atrium_sso=${flipped}`)).toBeUndefined();
    const otherKey = new CredentialsCipher(randomBytes(32).toString('base64url'));
    expect(readFlow(otherKey, `atrium_sso=${sealed}`)).toBeUndefined();
    expect(readFlow(cipher, `atrium_sso=${sealed}`, flow.expiresAt + 1)).toBeUndefined();
    expect(readFlow(cipher, 'atrium_sso=not valid!')).toBeUndefined();
    expect(readFlow(cipher, undefined)).toBeUndefined();
  });
});
