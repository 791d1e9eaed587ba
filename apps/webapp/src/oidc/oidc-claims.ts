import { userProfileSchema, type UserProfile } from '@atrium/contracts';

/** What an ID token's claims say about a person, read by the provider's settings. */
export type Claims = Record<string, unknown>;

/** Atrium's username rule (the same as for directory people): what a claim must look like to name someone. */
const USERNAME = /^[A-Za-z0-9._@-]{1,128}$/;

/** The username the provider's claim gives, or undefined when it is missing or not a name Atrium accepts. */
export function usernameOf(claims: Claims, usernameClaim: string): string | undefined {
  const value = claims[usernameClaim];
  return typeof value === 'string' && USERNAME.test(value) ? value : undefined;
}

/**
 * The person's groups as the provider lists them: an array of strings or one string (some providers send one group
 * bare). Anything else, and any entry that is not a string, counts as no group: a malformed claim grants nothing.
 */
export function groupsOf(claims: Claims, groupsClaim: string): string[] {
  const value = claims[groupsClaim];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** The Atrium groups the person's claim values map to (exact, case-sensitive match, as providers send ids). */
export const mappedGroupIds = (mappings: { claimValue: string; groupId: string }[], groups: string[]): string[] => [
  ...new Set(mappings.filter((mapping) => groups.includes(mapping.claimValue)).map((mapping) => mapping.groupId)),
];

const CLAIM_OF_FIELD = { firstName: 'given_name', lastName: 'family_name', phone: 'phone_number' } as const;

/**
 * The profile fields the standard claims carry (OpenID Connect Core 5.1), each kept only if it passes the same
 * check as a profile an administrator writes; an absent or unfit claim leaves that field as it is.
 */
export function profileOf(claims: Claims): Partial<UserProfile> {
  return Object.fromEntries(
    Object.entries(CLAIM_OF_FIELD).flatMap(([field, claim]) => {
      const parsed = userProfileSchema.shape[field as keyof typeof CLAIM_OF_FIELD].safeParse(claims[claim]);
      return parsed.success && claims[claim] !== undefined ? [[field, parsed.data]] : [];
    }),
  );
}
