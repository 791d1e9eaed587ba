import type { OidcProviderRecord } from '@atrium/db';
import { Agent, fetch as undiciFetch } from 'undici';
import type { CredentialsCipher } from '../infrastructure/credentials-cipher';

type OpenIdClient = typeof import('openid-client');
type Configuration = import('openid-client').Configuration;

/** openid-client is an ES module: loaded once, when the first provider is used (the webapp itself is CommonJS). */
let library: Promise<OpenIdClient> | undefined;
const openIdClient = () => (library ??= import('openid-client'));

/** Why talking to a provider failed, as the sign-in page explains it. */
export class OidcFailure extends Error {
  constructor(
    readonly code: 'sso_provider_unreachable' | 'sso_provider_refused' | 'sso_token_rejected',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** How long Atrium waits for a provider (discovery, keys, token endpoint) before telling the person it cannot. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Discovery and keys are read again after this long, or at once after the provider's settings change. */
const METADATA_TTL_MS = 10 * 60_000;

const cache = new Map<string, { fingerprint: string; config: Configuration; loadedAt: number }>();

const fingerprintOf = (provider: OidcProviderRecord) =>
  JSON.stringify([provider.issuer, provider.clientId, provider.clientSecretSealed.toString('base64'), provider.caCertificate]);

/** HTTPS to the provider with its own CA when one is set (TLS checked either way), and bounded waits. */
function fetchThrough(caCertificate: string | null) {
  const dispatcher = new Agent({
    connect: { ...(caCertificate && { ca: caCertificate }), timeout: REQUEST_TIMEOUT_MS, minVersion: 'TLSv1.2' },
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  return ((url: string, options: Record<string, unknown>) =>
    undiciFetch(url, { ...options, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as import('openid-client').CustomFetch;
}

/**
 * The client configuration for a provider from its discovery document: client_secret_basic with the unsealed
 * secret, and the ID token's signature checked against the provider's keys even though it comes over TLS from the
 * token endpoint (openid-client's non-repudiation checks), so a token altered anywhere on its way is refused.
 */
export async function configurationFor(provider: OidcProviderRecord, cipher: CredentialsCipher): Promise<Configuration> {
  const fingerprint = fingerprintOf(provider);
  const cached = cache.get(provider.id);
  if (cached && cached.fingerprint === fingerprint && Date.now() - cached.loadedAt < METADATA_TTL_MS) return cached.config;
  const client = await openIdClient();
  const customFetch = fetchThrough(provider.caCertificate);
  const config = await client
    .discovery(new URL(provider.issuer), provider.clientId, cipher.decrypt<string>(provider.clientSecretSealed), undefined, {
      [client.customFetch]: customFetch,
      timeout: REQUEST_TIMEOUT_MS / 1000,
      execute: [client.enableNonRepudiationChecks],
    })
    .catch((error: Error) => {
      throw new OidcFailure('sso_provider_unreachable', `discovery at ${provider.issuer} failed: ${error.message}`);
    });
  config[client.customFetch] = customFetch;
  cache.set(provider.id, { fingerprint, config, loadedAt: Date.now() });
  return config;
}

/** Forgets a provider's discovery (its settings changed or it was removed). */
export const forgetConfiguration = (providerId: string) => void cache.delete(providerId);

/** A fresh state, nonce and PKCE verifier, and the provider's authorization URL that carries them. */
export async function beginAuthorization(config: Configuration, redirectUri: string, scopes: string) {
  const client = await openIdClient();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const scope = ['openid', ...scopes.split(' ').filter((name) => name && name !== 'openid')].join(' ');
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Checks the provider's answer at the redirect URI (state, issuer, error) and trades the code for tokens (PKCE),
 * checking the ID token's signature, issuer, audience, expiry and nonce; answers its claims.
 */
export async function finishAuthorization(
  config: Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<Record<string, unknown>> {
  const client = await openIdClient();
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new OidcFailure('sso_token_rejected', 'no ID token');
    return claims as Record<string, unknown>;
  } catch (error) {
    throw classify(error, client);
  }
}

function classify(error: unknown, client: OpenIdClient): OidcFailure {
  if (error instanceof OidcFailure) return error;
  const message = (error as Error).message ?? String(error);
  if (error instanceof client.AuthorizationResponseError) return new OidcFailure('sso_provider_refused', `${error.error}: ${message}`);
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  if (error instanceof TypeError || cause?.code?.startsWith('E') || cause?.code?.startsWith('UND_ERR')) {
    return new OidcFailure('sso_provider_unreachable', message);
  }
  return new OidcFailure('sso_token_rejected', message);
}
