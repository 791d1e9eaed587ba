import type { CreateOidcProvider, OidcProviderView, UpdateOidcProvider } from '@atrium/contracts';
import { AuditRepository, OidcProvidersRepository, type OidcProviderFields, type OidcProviderRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { requireMappedGroupsExist } from '../groups/require-mapped-groups';
import { forgetConfiguration } from './oidc-client';
import { redirectUriOf } from './oidc-sign-in.use-case';

/** What administrators see: everything but the client secret, and the redirect URI to register with the provider. */
const toView = (ctx: AppContext, provider: OidcProviderRecord): OidcProviderView => ({
  id: provider.id,
  name: provider.name,
  issuer: provider.issuer,
  clientId: provider.clientId,
  scopes: provider.scopes,
  usernameClaim: provider.usernameClaim,
  groupsClaim: provider.groupsClaim,
  groupMappings: provider.groupMappings,
  caCertificate: provider.caCertificate,
  createUsers: provider.createUsers,
  enabled: provider.enabled,
  redirectUri: redirectUriOf(ctx),
  createdAt: provider.createdAt.toISOString(),
});

/** The stored fields of a create or update: the client secret sealed like server credentials. */
function fieldsOf(ctx: AppContext, input: UpdateOidcProvider): Partial<OidcProviderFields> {
  const { clientSecret, ...rest } = input;
  return { ...rest, ...(clientSecret !== undefined && { clientSecretSealed: ctx.credentials.encrypt(clientSecret) }) };
}

const notFound = () => createError(404, 'provider_not_found', 'No such identity provider.');

export async function listOidcProviders(ctx: AppContext): Promise<OidcProviderView[]> {
  return (await new OidcProvidersRepository(ctx.knex).list()).map((provider) => toView(ctx, provider));
}

export async function createOidcProvider(ctx: AppContext, actor: Actor, input: CreateOidcProvider): Promise<OidcProviderView> {
  await requireMappedGroupsExist(ctx, input.groupMappings);
  const created = await new OidcProvidersRepository(ctx.knex).create(fieldsOf(ctx, input) as OidcProviderFields);
  await new AuditRepository(ctx.knex).record({
    ...actor.audit,
    action: 'oidc_provider.created',
    targetType: 'oidc_provider',
    targetId: created.id,
    detail: { name: created.name, issuer: created.issuer },
  });
  return toView(ctx, created);
}

export async function updateOidcProvider(ctx: AppContext, actor: Actor, id: string, input: UpdateOidcProvider): Promise<OidcProviderView> {
  await requireMappedGroupsExist(ctx, input.groupMappings);
  const updated = await new OidcProvidersRepository(ctx.knex).update(id, fieldsOf(ctx, input));
  if (!updated) throw notFound();
  forgetConfiguration(id);
  await new AuditRepository(ctx.knex).record({
    ...actor.audit,
    action: 'oidc_provider.updated',
    targetType: 'oidc_provider',
    targetId: id,
    detail: { fields: Object.keys(input) },
  });
  return toView(ctx, updated);
}

/** Removes a provider; its people stay as users (unlinked) and sign in no longer unless given a password. */
export async function removeOidcProvider(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await new OidcProvidersRepository(ctx.knex).remove(id))) throw notFound();
  forgetConfiguration(id);
  await new AuditRepository(ctx.knex).record({ ...actor.audit, action: 'oidc_provider.removed', targetType: 'oidc_provider', targetId: id });
}
