import type { Workspace } from '@atrium/contracts';
import { WorkspacesRepository } from '@atrium/db';
import { isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

/** The catalog as the repository holds it: every workspace, or the enabled ones only. */
export const listCatalogue = (ctx: AppContext, options: { includeDisabled: boolean }): Promise<Workspace[]> =>
  new WorkspacesRepository(ctx.knex).list({ enabledOnly: !options.includeDisabled });

/** The catalog: users see what they may launch; administrators also see disabled workspaces. */
export const listWorkspaces = (ctx: AppContext, auth: AuthContext): Promise<Workspace[]> => listCatalogue(ctx, { includeDisabled: isAdmin(auth) });
