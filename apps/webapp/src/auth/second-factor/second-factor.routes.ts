import {
  confirmTotpSchema,
  factorIdParamsSchema,
  passkeyAssertionSchema,
  passkeyRegistrationSchema,
  recoveryCodeSchema,
  totpCodeSchema,
  type CurrentUser,
  type SecondFactorStatus,
} from '@atrium/contracts';
import { createError, isAppError, parseBody, parseParams } from '@atrium/http';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { awaitingSecondFactor, currentAuth, requireAuth } from '../authenticate.middleware';
import { clientAddress } from '../client-address';
import { auditRefusedSignIn } from '../audit-refused-sign-in';
import type { LoginThrottle } from '../login-throttle';
import { listOwnFactors, removeOwnFactor } from './factors.use-case';
import { passkeyRegistrationOptions, passkeySignInOptions, registerPasskey, verifyPasskey } from './passkeys.use-case';
import { secondFactorStatusOf } from './second-factor-status';
import type { Enrollee } from './finish-enrolment';
import { confirmTotpEnrolment, startTotpEnrolment } from './totp-enrolment.use-case';
import { verifyRecoveryCode, verifyTotp, type AwaitingSession } from './verify-second-factor.use-case';
import { signInFailures } from '../../metrics/metrics';

const signedIn = (session: AwaitingSession): CurrentUser => ({ id: session.userId, username: session.username, role: session.role });

/** The half-signed-in session; a signed-in one owes nothing (409), and no session must sign in first (401). */
function requireAwaiting(res: Response): AwaitingSession {
  const awaiting = awaitingSecondFactor(res);
  if (awaiting) return awaiting;
  if (currentAuth(res)) throw createError(409, 'no_second_factor_pending', 'You are signed in already.');
  throw createError(401, 'unauthorized', 'Sign in with your password first.');
}

/** The signed-in user adding an app, or the half-signed-in session that must enrol one before anything else. */
function enrolleeOf(res: Response): Enrollee {
  const awaiting = awaitingSecondFactor(res);
  if (awaiting?.stage === 'enrol') return { userId: awaiting.userId, username: awaiting.username, authSessionId: awaiting.id, mustEnrol: true };
  const auth = requireAuth(res);
  if (!auth.authSessionId) throw createError(403, 'browser_only', 'Only a signed-in browser can set up a second factor.');
  return { userId: auth.user.id, username: auth.user.username, authSessionId: auth.authSessionId, mustEnrol: false };
}

/**
 * Second factors, under /api/auth: the codes a half-signed-in session owes (counted by the sign-in throttle as
 * passwords are: a wrong code is a failure of that account from that address), enrolment of an authenticator app,
 * and a user's own factors.
 */
export function secondFactorRoutes(ctx: AppContext, throttle: LoginThrottle): Router {
  const router = Router();

  /** Runs a check of a code under the throttle; a refused code counts as a failed sign-in. */
  const throttled = async (req: Request, username: string, check: () => Promise<unknown>) => {
    const address = clientAddress(req);
    const decision = await throttle.decide(username, address);
    if (decision.refuse) {
      await auditRefusedSignIn(ctx, 'auth.login_throttled', address, username);
      signInFailures.inc({ reason: 'throttled' });
      throw createError(429, 'too_many_attempts', `Too many failed sign-ins from your address; try again in ${decision.retryAfterSeconds} s.`);
    }
    await check().catch(async (error: unknown) => {
      if (isAppError(error) && error.status === 401) {
        signInFailures.inc({ reason: 'second_factor' });
        await throttle.recordFailure(username, address);
      }
      throw error;
    });
    await throttle.recordSuccess(username, address);
  };

  router.get('/second-factor', async (_req, res) => {
    const awaiting = requireAwaiting(res);
    // The stage is the session's; the methods are today's (an administrator may have changed the policy since).
    const status: SecondFactorStatus = { stage: awaiting.stage, methods: (await secondFactorStatusOf(ctx, awaiting.userId))?.methods ?? [] };
    res.json(status);
  });

  router.post('/second-factor/totp', async (req, res) => {
    const awaiting = requireAwaiting(res);
    const { code } = parseBody(totpCodeSchema, req);
    await throttled(req, awaiting.username, () => verifyTotp(ctx, awaiting, code, clientAddress(req)));
    res.json(signedIn(awaiting));
  });

  router.post('/second-factor/recovery', async (req, res) => {
    const awaiting = requireAwaiting(res);
    const { code } = parseBody(recoveryCodeSchema, req);
    await throttled(req, awaiting.username, () => verifyRecoveryCode(ctx, awaiting, code, clientAddress(req)));
    res.json(signedIn(awaiting));
  });

  router.post('/totp/enrolment', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await startTotpEnrolment(ctx, enrolleeOf(res)));
  });

  router.post('/totp/enrolment/confirm', async (req, res) => {
    const who = enrolleeOf(res);
    const input = parseBody(confirmTotpSchema, req);
    let confirmed: Awaited<ReturnType<typeof confirmTotpEnrolment>> | undefined;
    await throttled(req, who.username, async () => (confirmed = await confirmTotpEnrolment(ctx, who, input, clientAddress(req))));
    res.setHeader('Cache-Control', 'no-store');
    res.json(confirmed);
  });

  router.post('/webauthn/registration/options', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await passkeyRegistrationOptions(ctx, enrolleeOf(res)));
  });

  router.post('/webauthn/registration', async (req, res) => {
    const who = enrolleeOf(res);
    const input = parseBody(passkeyRegistrationSchema, req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await registerPasskey(ctx, who, input, clientAddress(req)));
  });

  router.post('/second-factor/webauthn/options', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await passkeySignInOptions(ctx, requireAwaiting(res)));
  });

  router.post('/second-factor/webauthn', async (req, res) => {
    const awaiting = requireAwaiting(res);
    const { response } = parseBody(passkeyAssertionSchema, req);
    await throttled(req, awaiting.username, () => verifyPasskey(ctx, awaiting, response, clientAddress(req)));
    res.json(signedIn(awaiting));
  });

  router.get('/factors', async (_req, res) => {
    res.json(await listOwnFactors(ctx, requireAuth(res)));
  });

  router.delete('/factors/:factorId', async (req, res) => {
    await removeOwnFactor(ctx, requireAuth(res), parseParams(factorIdParamsSchema, req).factorId);
    res.status(204).end();
  });

  return router;
}
