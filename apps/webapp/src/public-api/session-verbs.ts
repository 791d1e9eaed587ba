import { TERMINAL_STATES, toKasmId } from '@atrium/contracts';
import { AgentsRepository, AuditRepository, SessionsRepository, UsersRepository, WorkspacesRepository, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { apiKeyActor } from '../auth/auth-context';
import { mintLoginUrl } from '../auth/one-time-login';
import type { AppContext } from '../context';
import { destroySession } from '../sessions/destroy-session.use-case';
import { keepSessionAlive } from '../sessions/keepalive.use-case';
import { launchSession } from '../sessions/launch-session.use-case';
import { joinShare } from '../sharing/join-share.use-case';
import { shareSession } from '../sharing/share-session.use-case';
import { userPolicy } from '../policy/user-policy';
import { listCatalogue } from '../workspaces/list-workspaces.use-case';
import { listZones } from '../zones/list-zones.use-case';
import { operationalStatus, toPublicImage, toPublicKasm } from './kasm-views';
import { activeUser, nowIso, onBehalfOf, type VerbHandler } from './verb-handler';

/** Users an `exec_config.user` may name: the workspace user, never root. */
const WORKSPACE_USER_NAMES = new Set(['', 'user', '1000', 'kasm-user']);

/** The session, if it exists and belongs to `userId`; another user's session is as absent as none (404). */
async function sessionOf(ctx: AppContext, sessionId: string, userId?: string): Promise<SessionRecord> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session || (userId !== undefined && session.userId !== userId)) throw createError(404, 'kasm_not_found', 'No such session for this user.');
  return session;
}

async function kasmView(ctx: AppContext, session: SessionRecord) {
  const owner = await new UsersRepository(ctx.knex).findById(session.userId);
  const workspace = session.workspaceId ? await new WorkspacesRepository(ctx.knex).findById(session.workspaceId) : undefined;
  const { policy } = await userPolicy(ctx.knex, ctx.config, session.userId);
  return toPublicKasm(session, { username: owner?.username ?? '', policy }, workspace, {
    hostname: ctx.config.PUBLIC_HOSTNAME,
    port: ctx.config.PUBLIC_PORT,
  });
}

export const getImages: VerbHandler<'get_images'> = async (ctx) => ({
  images: (await listCatalogue(ctx, { includeDisabled: true })).map(toPublicImage),
});

export const getZones: VerbHandler<'get_zones'> = async (ctx, _key, input) => ({ zones: await listZones(ctx, { brief: input.brief }) });

/**
 * Launches a workspace for a user and answers with a one-time `kasm_url` that signs them in and opens it.
 * A launch that fails answers 409 with the reason (the session record stays, in `error`).
 */
export const requestKasm: VerbHandler<'request_kasm'> = async (ctx, key, input) => {
  const user = await activeUser(ctx, input.user_id);
  const auth = onBehalfOf(user, key);
  const workspace = await new WorkspacesRepository(ctx.knex).findById(input.image_id);
  if (!workspace || !workspace.enabled) throw createError(404, 'image_not_found', 'No such image, or it is disabled.');
  let session = await launchSession(ctx, auth, workspace.id, { environment: input.environment });
  if (session.state === 'error') throw createError(409, 'kasm_failed', `The session could not start: ${session.errorMessage ?? 'unknown reason'}`);
  if (input.enable_sharing) session = await shareSession(ctx, auth, session.id);
  const login = await mintLoginUrl(ctx, { userId: user.id, sessionId: session.id, apiKeyId: key.id });
  return {
    kasm_id: toKasmId(session.id),
    status: operationalStatus(session.state),
    user_id: toKasmId(user.id),
    username: user.username,
    session_token: login.token,
    kasm_url: login.url,
    share_id: session.shareId,
  };
};

/** While the session starts or runs: 200 with its status (never `error_message`, which clients take as failure). */
export const getKasmStatus: VerbHandler<'get_kasm_status'> = async (ctx, key, input) => {
  const session = await sessionOf(ctx, input.kasm_id, input.user_id);
  if (session.state === 'error' || session.state === 'lost')
    throw createError(409, 'kasm_failed', `The session failed: ${session.errorMessage ?? session.state}`);
  if (TERMINAL_STATES.includes(session.state)) throw createError(404, 'kasm_not_found', 'This session has ended.');
  const login = session.state === 'running' ? await mintLoginUrl(ctx, { userId: session.userId, sessionId: session.id, apiKeyId: key.id }) : undefined;
  return {
    current_time: nowIso(),
    operational_status: operationalStatus(session.state),
    kasm: await kasmView(ctx, session),
    kasm_url: login?.url ?? null,
  };
};

export const getKasms: VerbHandler<'get_kasms'> = async (ctx) => {
  const live = await new SessionsRepository(ctx.knex).listLive();
  return { current_time: nowIso(), kasms: await Promise.all(live.map((session) => kasmView(ctx, session))) };
};

export const keepalive: VerbHandler<'keepalive'> = async (ctx, key, input) => {
  const session = await sessionOf(ctx, input.kasm_id);
  const owner = await activeUser(ctx, session.userId);
  const kept = await keepSessionAlive(ctx, onBehalfOf(owner, key), session.id);
  return { usage_reached: kept.usageReached };
};

/** Ends a session; one that has ended already answers the same (the integration's goal is met). */
export const destroyKasm: VerbHandler<'destroy_kasm'> = async (ctx, key, input) => {
  await destroySession(ctx, apiKeyActor(key.id), await sessionOf(ctx, input.kasm_id, input.user_id));
  return {};
};

export const joinKasm: VerbHandler<'join_kasm'> = async (ctx, key, input) => {
  const user = await activeUser(ctx, input.user_id);
  const session = await joinShare(ctx, onBehalfOf(user, key), input.share_id);
  const login = await mintLoginUrl(ctx, { userId: user.id, sessionId: session.id, apiKeyId: key.id });
  return {
    current_time: nowIso(),
    session_token: login.token,
    user_id: toKasmId(user.id),
    username: user.username,
    kasm_url: login.url,
    kasm: await kasmView(ctx, session),
  };
};

/** Runs a command in the user's running workspace as the workspace user; root and privileges are refused. */
export const execCommandKasm: VerbHandler<'exec_command_kasm'> = async (ctx, key, input) => {
  const { exec_config: config } = input;
  if (config.privileged || !WORKSPACE_USER_NAMES.has(config.user ?? '')) {
    throw createError(403, 'exec_not_allowed', 'Commands run as the workspace user only: no root, no privileges.');
  }
  const session = await sessionOf(ctx, input.kasm_id, input.user_id);
  if (session.kind !== 'container' || session.state !== 'running' || !session.agentId)
    throw createError(409, 'kasm_not_running', 'The session is not a running workspace.');
  const agent = await new AgentsRepository(ctx.knex).findById(session.agentId);
  if (!agent) throw createError(409, 'kasm_not_running', 'The session has no agent.');
  // The command itself may carry secrets: the audit log keeps only its length.
  await new AuditRepository(ctx.knex).record({
    ...apiKeyActor(key.id).audit,
    action: 'session.exec',
    targetType: 'session',
    targetId: session.id,
    detail: { cmdLength: config.cmd.length },
  });
  const result = await ctx.agents.exec(agent, session.id, {
    cmd: config.cmd,
    environment: config.environment,
    ...(config.workdir && { workdir: config.workdir }),
  });
  return {
    kasm: {
      kasm_id: toKasmId(session.id),
      exit_code: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      timed_out: result.timedOut,
      truncated: result.truncated,
    },
  };
};
