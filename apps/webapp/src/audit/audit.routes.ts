import { auditQuerySchema } from '@atrium/contracts';
import { parseQuery } from '@atrium/http';
import { Router } from 'express';
import { requireAdmin } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { listAudit } from './list-audit.use-case';

/** The audit log, for administrators: who did what to which object, when. */
export function auditRoutes(ctx: AppContext): Router {
  return Router().get('/', requireAdmin, async (req, res) => {
    res.json(await listAudit(ctx, parseQuery(auditQuerySchema, req)));
  });
}
