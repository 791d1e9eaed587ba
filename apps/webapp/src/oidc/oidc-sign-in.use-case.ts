import type { SignInProvider, SsoError } from '@atrium/contracts';
import { AuditRepository, GroupsRepository, OidcProvidersRepository, transaction, UsersRepository, type OidcProviderRecord, type UserRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { openSignedInSession, type LoginResult } from '../auth/open-signed-in-session';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { groupsOf, mappedGroupIds, profileOf, usernameOf, type Claims } from './oidc-claims';
import { beginAuthorization, configurationFor, finishAuthorization, OidcFailure } from './oidc-client';
import { OIDC_FLOW_SECONDS, type OidcFlow } from './oidc-flow-cookie';

/** What a password hash is for a person who signs in only through a provider: nothing a password can match. */
export const SSO_PASSWORD_HASH = '!sso';

/** A sign-in at a provider that ended without a session, and why, in the code the sign-in page explains. */
export class SsoFailure extends Error {
  constructor(
    readonly code: SsoError,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Where every provider sends people back; administrators register it with the provider. */
export const redirectUriOf = (ctx: AppContext) => `${publicOrigin(ctx.config)}/api/auth/oidc/callback`;

/** The enabled providers, for the sign-in page's buttons. */
export async function listSignInProviders(ctx: AppContext): Promise<SignInProvider[]> {
  return (await new OidcProvidersRepository(ctx.knex).list()).filter((provider) => provider.enabled).map(({ id, name }) => ({ id, name }));
}

async function enabledProvider(ctx: AppContext, id: string): Promise<OidcProviderRecord> {
  const provider = await new OidcProvidersRepository(ctx.knex).findById(id);
  if (!provider?.enabled) throw createError(404, 'provider_not_found', 'No such identity provider.');
  return provider;
}

/** Starts a sign-in at a provider: the URL to send the browser to, and the flow its cookie must carry back. */
export async function startOidcSignIn(ctx: AppContext, providerId: string, next: string): Promise<{ location: string; flow: OidcFlow }> {
  const provider = await enabledProvider(ctx, providerId);
  const config = await configurationFor(provider, ctx.credentials).catch((error: OidcFailure) => {
    throw new SsoFailure(error.code ?? 'sso_provider_unreachable', error.message);
  });
  const { url, ...checks } = await beginAuthorization(config, redirectUriOf(ctx), provider.scopes);
  return { location: url.href, flow: { providerId, ...checks, next, expiresAt: Date.now() + OIDC_FLOW_SECONDS * 1000 } };
}

/**
 * The Atrium user a provider vouches for: the one linked to its subject, or (if the provider creates users) a new
 * one named by its username claim. A name that an unlinked account already has is refused: a provider saying a name
 * never takes over an account it did not create.
 */
async function userFor(ctx: AppContext, provider: OidcProviderRecord, claims: Claims): Promise<{ user: UserRecord; created: boolean }> {
  const subject = claims.sub as string;
  const users = new UsersRepository(ctx.knex);
  const linked = await users.findByOidcSubject(provider.id, subject);
  if (linked) return { user: (await users.update(linked.id, { profile: profileOf(claims) })) ?? linked, created: false };
  if (!provider.createUsers) throw new SsoFailure('sso_unknown_user', 'no user is linked to this subject and the provider creates none');
  const username = usernameOf(claims, provider.usernameClaim);
  if (!username) throw new SsoFailure('sso_no_username', `claim ${provider.usernameClaim} is missing or not a username`);
  if (await users.findByUsername(username)) throw new SsoFailure('sso_username_taken', `an unlinked account is named ${username}`);
  const user = await users.create({
    username,
    passwordHash: SSO_PASSWORD_HASH,
    role: 'user',
    profile: profileOf(claims),
    oidc: { providerId: provider.id, subject },
  });
  return { user, created: true };
}

/** The person's membership of every group the provider's mappings govern follows the groups claim; others stay. */
async function syncGroups(ctx: AppContext, provider: OidcProviderRecord, user: UserRecord, claims: Claims): Promise<number> {
  const member = mappedGroupIds(provider.groupMappings, groupsOf(claims, provider.groupsClaim));
  const governed = [...new Set(provider.groupMappings.map((mapping) => mapping.groupId))];
  await transaction(ctx.knex, (trx) => new GroupsRepository(trx).syncGovernedGroups(user.id, governed, member));
  return member.length;
}

/**
 * Finishes a sign-in at the provider the flow names: the provider's answer checked in full (state, PKCE, the ID
 * token's signature, issuer, audience, expiry and nonce), the user found or created and their mapped groups set,
 * then a session opened as a password would open one (a second factor the groups require is still asked for).
 */
export async function finishOidcSignIn(ctx: AppContext, flow: OidcFlow, callbackUrl: URL, client: { ip: string; userAgent: string }): Promise<LoginResult> {
  const provider = await new OidcProvidersRepository(ctx.knex).findById(flow.providerId);
  if (!provider?.enabled) throw new SsoFailure('sso_flow_expired', 'the provider was removed or disabled');
  try {
    const config = await configurationFor(provider, ctx.credentials);
    const claims = await finishAuthorization(config, callbackUrl, flow);
    const { user, created } = await userFor(ctx, provider, claims);
    const groups = await syncGroups(ctx, provider, user, claims);
    if (user.disabled || user.locked) throw new SsoFailure(user.disabled ? 'account_disabled' : 'account_locked', 'the account may not sign in');
    await new AuditRepository(ctx.knex).record({
      actorType: 'user',
      actorId: user.id,
      action: created ? 'auth.sso_user_created' : 'auth.sso_verified',
      detail: { provider: provider.name, groups },
      ip: client.ip,
    });
    return await openSignedInSession(ctx, user, client, { provider: provider.name });
  } catch (error) {
    const failure = error instanceof OidcFailure || error instanceof SsoFailure ? error : new SsoFailure('sso_token_rejected', (error as Error).message);
    await new AuditRepository(ctx.knex).record({
      actorType: 'anonymous',
      action: 'auth.sso_failed',
      detail: { provider: provider.name, reason: failure.code, detail: failure.reason.slice(0, 300) },
      ip: client.ip,
    });
    throw failure instanceof OidcFailure ? new SsoFailure(failure.code, failure.reason) : failure;
  }
}
