import { shareIdSchema, shareJoinPath, type JoinedSession, type SessionShare, type SessionViewer } from '@atrium/contracts';
import { SessionsRepository, type SessionRecord } from '@atrium/db';
import { createError, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { findOwnSession } from '../sessions/find-own-session';
import { toSessionView } from '../sessions/session-view';
import { joinShare } from './join-share.use-case';
import { revokeShare } from './revoke-share.use-case';
import { shareSession } from './share-session.use-case';

const sessionParams = z.object({ sessionId: z.string().uuid() });
const shareParams = z.object({ shareId: shareIdSchema });

const shareOf = (session: SessionRecord): SessionShare => {
  if (!session.shareId) throw createError(404, 'not_shared', 'This session is not shared.');
  return { sessionId: session.id, shareId: session.shareId, joinUrl: shareJoinPath(session.id, session.shareId) };
};

/** Sharing a running session with other signed-in users, who join it as viewers. Mounted at `/api`. */
export function sharingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/sessions/:sessionId/share', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    res.json(shareOf(await shareSession(ctx, requireAuth(res), sessionId)));
  });

  router.get('/sessions/:sessionId/share', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    res.json(shareOf(await findOwnSession(ctx, requireAuth(res), sessionId)));
  });

  router.delete('/sessions/:sessionId/share', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    await revokeShare(ctx, requireAuth(res), sessionId);
    res.status(204).end();
  });

  router.get('/sessions/:sessionId/viewers', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const session = await findOwnSession(ctx, requireAuth(res), sessionId);
    const viewers = await new SessionsRepository(ctx.knex).listViewers(session.id);
    res.json(viewers.map((viewer): SessionViewer => ({ ...viewer, joinedAt: viewer.joinedAt.toISOString() })));
  });

  router.post('/shares/:shareId/join', async (req, res) => {
    const { shareId } = parseParams(shareParams, req);
    const { id, kind, state, connectUrl } = toSessionView(await joinShare(ctx, requireAuth(res), shareId));
    res.json({ id, kind, state, connectUrl } satisfies JoinedSession);
  });

  return router;
}
