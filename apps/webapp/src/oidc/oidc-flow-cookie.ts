import type { CredentialsCipher } from '../infrastructure/credentials-cipher';

/** The browser-held half of one sign-in at a provider: what the callback must find to accept the provider's answer. */
export interface OidcFlow {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The portal path to open afterwards. */
  next: string;
  expiresAt: number;
}

export const OIDC_FLOW_COOKIE = 'atrium_sso';
/** How long a person has at the provider before the sign-in must start again. */
export const OIDC_FLOW_SECONDS = 600;
const PATH = '/api/auth/oidc';

/**
 * The flow sealed (AES-GCM with the credentials key) into a cookie bound to this browser: a provider's answer
 * delivered to another browser finds no flow (no login CSRF), and any replica can finish what another started.
 * SameSite=Lax because the provider sends the browser back with a top-level cross-site GET.
 */
export function flowCookie(cipher: CredentialsCipher, flow: OidcFlow, secure: boolean): string {
  const value = cipher.encrypt(flow).toString('base64url');
  return [`${OIDC_FLOW_COOKIE}=${value}`, `Path=${PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${OIDC_FLOW_SECONDS}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export const clearedFlowCookie = (secure: boolean) =>
  [`${OIDC_FLOW_COOKIE}=`, `Path=${PATH}`, 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');

/** The flow this browser started, if its cookie is ours, untampered and not expired. */
export function readFlow(cipher: CredentialsCipher, cookieHeader: string | undefined, now = Date.now()): OidcFlow | undefined {
  const value = cookieHeader
    ?.split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${OIDC_FLOW_COOKIE}=`))
    ?.slice(OIDC_FLOW_COOKIE.length + 1);
  if (!value || value.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const flow = cipher.decrypt<OidcFlow>(Buffer.from(value, 'base64url'));
    return flow.expiresAt > now ? flow : undefined;
  } catch {
    return undefined;
  }
}
