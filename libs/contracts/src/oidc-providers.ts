import { z } from 'zod';
import { updateSchemaOf } from './update-schema';

/** An issuer: https only, as OpenID Connect Discovery requires; its metadata is read from /.well-known/openid-configuration. */
const issuerUrl = z
  .string()
  .trim()
  .max(512)
  .regex(/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/, 'must be an https:// URL');

/** A PEM certificate (or several): the CA the provider's certificate must chain to. */
const pemCertificates = z
  .string()
  .trim()
  .max(32_768)
  .regex(/^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/, 'must be one or more PEM certificates');

const claimName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'must be a claim name');

export const claimMappingSchema = z.object({
  /** One value of the groups claim, exactly as the provider sends it. */
  claimValue: z.string().trim().min(1).max(512),
  groupId: z.string().uuid(),
});
export type ClaimMapping = z.infer<typeof claimMappingSchema>;

const oidcProviderFields = {
  /** Shown on the sign-in page: "Sign in with {name}". */
  name: z.string().trim().min(1).max(64),
  issuer: issuerUrl,
  clientId: z.string().trim().min(1).max(256),
  /** Space-separated; `openid` is always asked for. */
  scopes: z
    .string()
    .trim()
    .max(512)
    .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'must be scope names separated by spaces')
    .default('openid profile email'),
  /** The ID token claim that names the person in Atrium (checked against Atrium's username rules). */
  usernameClaim: claimName.default('preferred_username'),
  /** The ID token claim that lists the person's groups (an array of strings, or one string). */
  groupsClaim: claimName.default('groups'),
  groupMappings: z.array(claimMappingSchema).max(200).default([]),
  /** Empty: the system's CAs. */
  caCertificate: pemCertificates.nullable().default(null),
  /** People the provider vouches for and Atrium does not yet know are created at their first sign-in. */
  createUsers: z.boolean().default(true),
  enabled: z.boolean().default(true),
};

const clientSecret = z.string().min(1).max(1024);

export const createOidcProviderSchema = z.object({ ...oidcProviderFields, clientSecret });
export type CreateOidcProvider = z.infer<typeof createOidcProviderSchema>;

export const updateOidcProviderSchema = updateSchemaOf(z.object({ ...oidcProviderFields, clientSecret }));
export type UpdateOidcProvider = z.infer<typeof updateOidcProviderSchema>;

/** A provider as administrators see it: the client secret is write-only. */
export const oidcProviderViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.string(),
  usernameClaim: z.string(),
  groupsClaim: z.string(),
  groupMappings: z.array(claimMappingSchema),
  caCertificate: z.string().nullable(),
  createUsers: z.boolean(),
  enabled: z.boolean(),
  /** Where the provider must send people back: register it with the provider. */
  redirectUri: z.string(),
  createdAt: z.string(),
});
export type OidcProviderView = z.infer<typeof oidcProviderViewSchema>;

/** What the sign-in page shows, to anyone: one button per enabled provider. */
export const signInProviderSchema = z.object({ id: z.string().uuid(), name: z.string() });
export type SignInProvider = z.infer<typeof signInProviderSchema>;

export const oidcProviderIdParamsSchema = z.object({ providerId: z.string().uuid() });

/** `GET /api/auth/oidc/:providerId/start?next=/path`: where to come back to after signing in. */
export const oidcStartQuerySchema = z.object({ next: z.string().max(2048).optional() });

/** The provider's answer at the redirect URI (RFC 6749 4.1.2 and 4.1.2.1); openid-client checks it in full. */
export const oidcCallbackQuerySchema = z.looseObject({
  state: z.string().max(512).optional(),
  code: z.string().max(4096).optional(),
  iss: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(1024).optional(),
});

/**
 * Why a single sign-on did not sign the person in: the code the callback sends back to the sign-in page
 * (`/sign-in?sso_error=...`), which says it in a sentence.
 */
export const SSO_ERRORS = {
  sso_flow_expired: 'The sign-in took too long or was started in another browser; try again.',
  sso_provider_refused: 'The identity provider did not sign you in.',
  sso_provider_unreachable: 'The identity provider could not be reached; try again later or ask an administrator.',
  sso_token_rejected: "The identity provider's answer failed Atrium's checks, so it was refused.",
  sso_no_username: 'The identity provider did not say who you are in a form Atrium accepts; ask an administrator.',
  sso_unknown_user: 'You have no Atrium account yet, and this provider does not create them; ask an administrator.',
  sso_username_taken: 'An Atrium account with your name already exists and is not linked to this provider; ask an administrator.',
  account_disabled: 'This account is disabled; ask an administrator to enable it.',
  account_locked: 'This account is locked; ask an administrator to unlock it.',
} as const;
export type SsoError = keyof typeof SSO_ERRORS;
