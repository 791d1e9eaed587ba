import type { EnrolmentConfirmed } from '@atrium/contracts';
import { SecondFactorsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { publicOrigin } from '../../config';
import type { AppContext } from '../../context';
import { userPolicy } from '../../policy/user-policy';
import { completeSignIn } from './complete-sign-in';
import { finishEnrolment, type Enrollee } from './finish-enrolment';
import { refuseSecondFactor, requireVerifyStage, type AwaitingSession } from './verify-second-factor.use-case';

/** How long the browser has to answer a challenge (the person touching their key, or choosing a passkey). */
const CHALLENGE_SECONDS = 300;
/** Second factors one user may keep: more than anyone uses, and a bound on what a signed-in browser can add. */
export const MAX_FACTORS = 20;

async function requireRoomForFactor(factors: SecondFactorsRepository, userId: string): Promise<void> {
  if ((await factors.confirmed(userId)).length >= MAX_FACTORS) {
    throw createError(409, 'too_many_factors', `You have ${MAX_FACTORS} second factors already; remove one before adding another.`);
  }
}

/** The relying party is the one public hostname; the browser's origin must be the public origin. */
const relyingParty = (ctx: AppContext) => ({ rpID: ctx.config.PUBLIC_HOSTNAME, origin: publicOrigin(ctx.config) });

/** Options for the browser to create a passkey for this user (their existing ones excluded: no duplicate). */
export async function passkeyRegistrationOptions(ctx: AppContext, who: Enrollee) {
  if (!(await userPolicy(ctx.knex, ctx.config, who.userId)).policy.allow_webauthn_2fa) {
    throw createError(403, 'webauthn_not_allowed', 'Your policy does not allow passkeys or security keys.');
  }
  const factors = new SecondFactorsRepository(ctx.knex);
  await requireRoomForFactor(factors, who.userId);
  const options = await generateRegistrationOptions({
    rpName: 'Atrium',
    rpID: relyingParty(ctx).rpID,
    userName: who.username,
    userID: Uint8Array.from(Buffer.from(who.userId.replace(/-/g, ''), 'hex')),
    attestationType: 'none',
    excludeCredentials: (await factors.passkeys(who.userId)).map((key) => ({ id: key.credentialId, transports: key.transports as never })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await factors.setChallenge(who.authSessionId, 'register', options.challenge, CHALLENGE_SECONDS);
  return options;
}

/**
 * Keeps the passkey the browser created, once its answer matches this session's challenge, origin and relying party.
 * The user's first factor comes with recovery codes; a session that had to enrol is then signed in.
 */
export async function registerPasskey(ctx: AppContext, who: Enrollee, input: { name: string; response: unknown }, ip: string): Promise<EnrolmentConfirmed> {
  const factors = new SecondFactorsRepository(ctx.knex);
  const challenge = await factors.takeChallenge(who.authSessionId, 'register');
  if (!challenge) throw createError(409, 'no_challenge', 'Start adding the passkey again.');
  const { rpID, origin } = relyingParty(ctx);
  const verification = await verifyRegistrationResponse({
    response: input.response as RegistrationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!verification?.verified) throw createError(400, 'passkey_refused', 'The passkey could not be checked; try again.');
  await requireRoomForFactor(factors, who.userId);
  const { credential } = verification.registrationInfo;
  await factors.addPasskey(who.userId, {
    name: input.name,
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey),
    signCount: credential.counter,
    transports: credential.transports ?? [],
  });
  return finishEnrolment(ctx, who, { kind: 'webauthn', name: input.name }, ip);
}

/** Options for the browser to sign in with one of the user's passkeys. */
export async function passkeySignInOptions(ctx: AppContext, session: AwaitingSession) {
  requireVerifyStage(session);
  const factors = new SecondFactorsRepository(ctx.knex);
  const keys = await factors.passkeys(session.userId);
  if (keys.length === 0) throw createError(409, 'no_passkey', 'You have no passkey; use another of your factors.');
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpID,
    allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports as never })),
    userVerification: 'preferred',
  });
  await factors.setChallenge(session.id, 'authenticate', options.challenge, CHALLENGE_SECONDS);
  return options;
}

/**
 * A passkey's answer for a session that owes a second factor: this session's challenge (used once), one of this
 * user's passkeys, a valid signature from this origin, and a signature counter that moved on.
 */
export async function verifyPasskey(ctx: AppContext, session: AwaitingSession, response: { id: string }, ip: string): Promise<void> {
  requireVerifyStage(session);
  const factors = new SecondFactorsRepository(ctx.knex);
  const challenge = await factors.takeChallenge(session.id, 'authenticate');
  const key = (await factors.passkeys(session.userId)).find((candidate) => candidate.credentialId === response.id);
  if (!challenge || !key) return refuseSecondFactor(ctx, session, 'webauthn', ip, 'passkey_refused');
  const { rpID, origin } = relyingParty(ctx);
  const verification = await verifyAuthenticationResponse({
    response: response as AuthenticationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: { id: key.credentialId, publicKey: Uint8Array.from(key.publicKey), counter: key.signCount, transports: key.transports as never },
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!verification?.verified || !(await factors.usePasskey(key.id, key.signCount, verification.authenticationInfo.newCounter))) {
    return refuseSecondFactor(ctx, session, 'webauthn', ip, 'passkey_refused');
  }
  return completeSignIn(ctx, session, 'webauthn', ip);
}
