import { z } from 'zod';
import { currentUserSchema } from './auth';

/**
 * Second factors at sign-in. A password that is right opens, for a user who has a factor or whose policy requires
 * one, a session that owes it: `verify` (give a code) or `enrol` (set up an authenticator app first). Such a session
 * opens nothing but these routes until the code is given.
 */
export const secondFactorStageSchema = z.enum(['verify', 'enrol']);
export type SecondFactorStage = z.infer<typeof secondFactorStageSchema>;

/**
 * How a person may prove the second factor now (verify: an app's code, a passkey, or a one-time recovery code), or
 * which kinds they may set up (enrol).
 */
export const secondFactorMethodSchema = z.enum(['totp', 'webauthn', 'recovery']);

export const secondFactorStatusSchema = z.object({
  stage: secondFactorStageSchema,
  methods: z.array(secondFactorMethodSchema),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

/** The answer to a sign-in: the user, and what they still owe when a second factor stands between. */
export const loginAnswerSchema = currentUserSchema.extend({ secondFactor: secondFactorStatusSchema.optional() });
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

export const totpCodeSchema = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows')),
});

/** A recovery code as issued (groups of letters and digits), typed with or without its dashes and in any case. */
export const recoveryCodeSchema = z.object({
  code: z
    .string()
    .max(64)
    .transform((code) => code.replace(/[\s-]/g, '').toLowerCase())
    .pipe(z.string().regex(/^[a-z2-7]{16}$/, 'must be one of your recovery codes')),
});

/** An enrolment under way: the seed, once, for the person's app (as a QR code, and as text to type). */
export const totpEnrolmentSchema = z.object({
  secret: z.string(),
  uri: z.string(),
  /** The QR code of `uri`, as an SVG document. */
  qrSvg: z.string(),
});
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

export const confirmTotpSchema = totpCodeSchema.extend({
  name: z.string().trim().min(1).max(64).default('Authenticator app'),
});

/** Recovery codes, shown once: issued with a user's first factor (empty when they already had codes). */
export const enrolmentConfirmedSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type EnrolmentConfirmed = z.infer<typeof enrolmentConfirmedSchema>;

/** A factor as its owner and administrators see it: never its secret. */
export const factorViewSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['totp', 'webauthn']),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type FactorView = z.infer<typeof factorViewSchema>;

export const factorIdParamsSchema = z.object({ factorId: z.string().uuid() });

/** WebAuthn options for the browser (navigator.credentials), as @simplewebauthn builds them: JSON, no secret. */
export const webauthnOptionsSchema = z.record(z.string(), z.unknown());

/** What the browser's authenticator answered (a registration or an assertion), in WebAuthn's JSON form. */
const credentialResponseSchema = z
  .object({
    id: z.string().min(1).max(1024),
    rawId: z.string().min(1).max(1024),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().max(32).optional(),
  })
  .passthrough();

export const passkeyRegistrationSchema = z.object({
  name: z.string().trim().min(1).max(64).default('Passkey'),
  response: credentialResponseSchema,
});

export const passkeyAssertionSchema = z.object({ response: credentialResponseSchema });
