import { containerActionSchema, launchSessionSchema, listSessionsQuerySchema, RESPOND_ASYNC_PREFERENCE, SESSION_EVENT } from '@atrium/contracts';
import { parseBody, parseParams, parseQuery } from '@atrium/http';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { changeSessionState } from './change-session-state.use-case';
import { endOwnSession } from './destroy-session.use-case';
import { findOwnSession } from './find-own-session';
import { followSessionStart } from './follow-session-start.use-case';
import { keepSessionAlive } from './keepalive.use-case';
import { launchRemoteSession } from './launch-remote-session.use-case';
import { launchSession } from './launch-session.use-case';
import { listSessions } from './list-sessions.use-case';
import { freshRemoteConnectUrl } from './remote-connection';
import { toSessionView } from './session-view';

const sessionParams = z.object({ sessionId: z.string().uuid() });

/** `Prefer: respond-async` (RFC 7240): the browser portal follows the launch instead of waiting on the request. */
const prefersAsync = (req: Request) => (req.get('prefer') ?? '').split(/[,;]\s*/).includes(RESPOND_ASYNC_PREFERENCE);
const actionParams = sessionParams.extend({ action: containerActionSchema });

/** A user sees and touches only their own sessions; an administrator sees all. */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const auth = requireAuth(res);
    const input = parseBody(launchSessionSchema, req);
    if ('serverId' in input) {
      const { session, connectUrl } = await launchRemoteSession(ctx, auth, input);
      res.status(201).json(toSessionView(session, connectUrl));
      return;
    }
    if (prefersAsync(req)) {
      const session = await launchSession(ctx, auth, input.workspaceId, { waitUntilRunning: false });
      res
        .status(session.state === 'running' ? 201 : 202)
        .set('Preference-Applied', RESPOND_ASYNC_PREFERENCE)
        .json(toSessionView(session));
      return;
    }
    const session = await launchSession(ctx, auth, input.workspaceId);
    res.status(session.state === 'error' ? 502 : 201).json(toSessionView(session));
  });

  router.get('/', async (req, res) => {
    res.json(await listSessions(ctx, requireAuth(res), parseQuery(listSessionsQuerySchema, req)));
  });

  router.get('/:sessionId', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const auth = requireAuth(res);
    const session = await findOwnSession(ctx, auth, sessionId);
    res.json(toSessionView(session, await freshRemoteConnectUrl(ctx, auth, session)));
  });

  // The launch dialog's progress, pushed (Server-Sent Events) instead of polled. Refusals come before the stream
  // opens, as envelopes; nginx must not buffer it (X-Accel-Buffering).
  router.get('/:sessionId/events', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const auth = requireAuth(res);
    await findOwnSession(ctx, auth, sessionId);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    const closed = new AbortController();
    res.once('close', () => closed.abort());
    await followSessionStart(
      ctx,
      auth,
      sessionId,
      (session) => res.write(`event: ${SESSION_EVENT}\ndata: ${JSON.stringify(session)}\n\n`),
      closed.signal,
    ).catch((error: Error) => ctx.logger.warn({ sessionId, reason: error.message }, 'following a launch ended early'));
    res.end();
  });

  router.delete('/:sessionId', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    res.json(toSessionView(await endOwnSession(ctx, requireAuth(res), sessionId)));
  });

  router.post('/:sessionId/keepalive', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    res.json(await keepSessionAlive(ctx, requireAuth(res), sessionId));
  });

  // pause, resume, stop, start
  router.post('/:sessionId/:action', async (req, res) => {
    const { sessionId, action } = parseParams(actionParams, req);
    res.json(toSessionView(await changeSessionState(ctx, requireAuth(res), sessionId, action)));
  });

  return router;
}
