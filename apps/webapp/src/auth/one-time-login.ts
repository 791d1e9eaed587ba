import { desktopViewerPath, remoteViewerPath, shareJoinPath, tokenLoginUrl } from '@atrium/contracts';
import { AuditRepository, AuthSessionsRepository, LoginTokensRepository, SessionsRepository, transaction, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { auditRefusedSignIn } from './audit-refused-sign-in';
import { hashToken, newSessionToken } from './session-token';

/** A one-time link that signs `userId` in and opens `sessionId`; valid for LOGIN_TOKEN_TTL_SECONDS, once. */
export async function mintLoginUrl(
  ctx: AppContext,
  link: { userId: string; sessionId: string; apiKeyId: string | null },
): Promise<{ token: string; url: string }> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + ctx.config.LOGIN_TOKEN_TTL_SECONDS * 1000);
  await new LoginTokensRepository(ctx.knex).create({ tokenHash: hashToken(token), ...link, expiresAt });
  return { token, url: tokenLoginUrl(token) };
}

export interface TokenLogin {
  cookieToken: string;
  expiresAt: Date;
  /** The page that opens the session: its viewer, or the share's join page for someone else's session. */
  redirectTo: string;
}

/**
 * Uses a one-time link: the token must be unused and unexpired, its user enabled and the session live. Opens
 * a browser sign-in like a password login would, audited as a token login.
 */
export async function loginWithToken(ctx: AppContext, token: string, client: { ip: string; userAgent: string }): Promise<TokenLogin> {
  const refused = async (username?: string) => {
    await auditRefusedSignIn(ctx, 'auth.token_login_failed', client.ip, username);
    return createError(401, 'invalid_login_link', 'This sign-in link was used already or has expired; ask for a new one.');
  };
  const link = await new LoginTokensRepository(ctx.knex).consume(hashToken(token));
  if (!link) throw await refused();
  const user = await new UsersRepository(ctx.knex).findById(link.userId);
  const session = await new SessionsRepository(ctx.knex).findById(link.sessionId);
  if (!user || user.disabled || user.locked || !session) throw await refused(user?.username);

  const cookieToken = newSessionToken();
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).create({ tokenHash: hashToken(cookieToken), userId: user.id, expiresAt, ...client });
    await new UsersRepository(trx).recordLogin(user.id);
    await new AuditRepository(trx).record({
      actorType: 'user',
      actorId: user.id,
      action: 'auth.token_login',
      targetType: 'session',
      targetId: session.id,
      ip: client.ip,
    });
  });
  const viewer = session.kind === 'remote' ? remoteViewerPath(session.id) : desktopViewerPath(session.id);
  const redirectTo = session.userId !== user.id && session.shareId ? shareJoinPath(session.id, session.shareId) : viewer;
  return { cookieToken, expiresAt, redirectTo };
}
