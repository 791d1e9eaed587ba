import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CONNECT_TOKEN_HEADER,
  fileNameSchema,
  filesTokenClaimsSchema,
  type FilesTokenClaims,
  type TransferDirection,
  type TransferReport,
} from '@atrium/contracts';
import { AppError, createError, parseParams, type TransferBudget } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { verifyAgentToken } from '../auth/verify-token';
import type { WorkspaceFiles } from './workspace-files';

export interface FilesRoutesDeps {
  files: WorkspaceFiles;
  budget: TransferBudget;
  publicKey: string;
  publicOrigin: string;
  agentId: () => string | undefined;
  report: (report: TransferReport) => Promise<void>;
  logger: Logger;
}

const sessionParams = z.object({ sessionId: z.string().uuid() });
const fileParams = sessionParams.extend({ name: fileNameSchema });

const REFUSED: Record<TransferDirection, [string, string]> = {
  upload: ['uploads_disabled', 'Your policy does not allow uploading files into sessions.'],
  download: ['downloads_disabled', 'Your policy does not allow downloading files from sessions.'],
};

/** The files token kasm_proxy passed on, for this session and a direction the owner's policy allows. */
function authorize(deps: FilesRoutesDeps, req: Request, sessionId: string, direction: TransferDirection): FilesTokenClaims {
  let claims: FilesTokenClaims;
  try {
    claims = verifyAgentToken(req.get(CONNECT_TOKEN_HEADER), deps.publicKey, deps.agentId(), filesTokenClaimsSchema);
    if (claims.sid !== sessionId) throw new Error('token is for another session');
  } catch (error) {
    throw createError(401, 'invalid_files_token', `File request refused: ${(error as Error).message}.`);
  }
  if (!(direction === 'upload' ? claims.up : claims.down)) throw createError(403, ...REFUSED[direction]);
  return claims;
}

/** RFC 6266: the name as UTF-8 for browsers, with an ASCII fallback. */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Counts the bytes that pass, for the audit log and the budget. */
function counter() {
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      meter.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  meter.bytes = 0;
  return meter;
}

/**
 * `/v1/desktop/:sessionId/files/…`, behind kasm_proxy's auth_request: the download list, a download, an upload.
 * The policy's directions arrive in the token and are checked here, where the bytes flow; the sizes are bounded
 * by the per-file limit and the session's total before a byte moves. Every transfer is reported for the audit log.
 */
export function filesRoutes(deps: FilesRoutesDeps): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const audit = (report: TransferReport) => void deps.report(report);

  router.get('/v1/desktop/:sessionId/files/downloads', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    authorize(deps, req, sessionId, 'download');
    const files = await deps.files.list(sessionId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ files, maxFileBytes: deps.budget.maxFileBytes, remainingSessionBytes: deps.budget.remaining(sessionId) });
  });

  router.get('/v1/desktop/:sessionId/files/downloads/:name', async (req, res) => {
    const { sessionId, name } = parseParams(fileParams, req);
    authorize(deps, req, sessionId, 'download');
    const base = { sessionId, direction: 'download', name } as const;
    const download = await deps.files.openDownload(sessionId, name).catch((error: AppError) => {
      audit({ ...base, bytes: 0, outcome: 'refused', reason: error.code });
      throw error;
    });
    try {
      deps.budget.reserve(sessionId, download.size);
    } catch (error) {
      download.body.destroy();
      audit({ ...base, bytes: 0, outcome: 'refused', reason: (error as AppError).code });
      throw error;
    }
    const meter = counter();
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(download.size),
      'Content-Disposition': attachment(name),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // Every announced byte through is a complete download, even when the connection closed before Node saw the
    // response finish (a browser and nginx may close the moment the last byte arrives).
    const streamed = await pipeline(download.body, meter, res).then(
      () => true,
      () => false,
    );
    const ended = meter.bytes === download.size ? 'completed' : streamed ? 'failed' : 'cancelled';
    if (ended !== 'completed') endShort(res);
    deps.budget.release(sessionId, download.size - meter.bytes);
    audit({ ...base, bytes: meter.bytes, outcome: ended, ...(ended !== 'completed' && { reason: ended }) });
  });

  router.put('/v1/desktop/:sessionId/files/uploads/:name', async (req, res) => {
    const { sessionId, name } = parseParams(fileParams, req);
    if (req.get('origin') !== deps.publicOrigin) throw createError(403, 'bad_origin', 'The request did not come from the portal.');
    authorize(deps, req, sessionId, 'upload');
    const base = { sessionId, direction: 'upload', name } as const;
    const size = Number(req.get('content-length'));
    if (!req.get('content-length') || !Number.isSafeInteger(size) || size < 0) {
      throw createError(411, 'length_required', 'An upload must say its size (Content-Length).');
    }
    try {
      deps.budget.reserve(sessionId, size);
    } catch (error) {
      audit({ ...base, bytes: 0, outcome: 'refused', reason: (error as AppError).code });
      throw error;
    }
    const meter = counter();
    let aborted = false;
    // A browser that cancels closes its request before the body is complete: the upload must end short then.
    req.once('close', () => {
      if (req.complete) return;
      aborted = true;
      meter.destroy(new Error('upload cancelled'));
    });
    try {
      const stored = await deps.files.upload(sessionId, name, size, req.pipe(meter));
      audit({ ...base, name: stored.name, bytes: meter.bytes, outcome: 'completed' });
      res.status(201).json(stored);
    } catch (error) {
      deps.budget.release(sessionId, size);
      const outcome = aborted ? 'cancelled' : 'failed';
      audit({ ...base, bytes: meter.bytes, outcome, reason: error instanceof AppError ? error.code : outcome });
      throw error;
    }
  });

  return router;
}

/** A download that could not send every byte it announced must fail in the browser, not look complete. */
function endShort(res: ServerResponse): void {
  if (!res.destroyed) res.destroy();
}
