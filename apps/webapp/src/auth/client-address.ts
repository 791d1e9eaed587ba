import { isIP } from 'node:net';
import type { Request } from 'express';

/**
 * The browser's address. kasm_proxy overwrites `X-Real-IP` with the address it accepted the connection from,
 * and it is the only client of the public listener, so a header a browser sends never gets through; without
 * kasm_proxy in front (a development server), the socket's address. No list of trusted proxies to get wrong.
 */
export function clientAddress(req: Request): string {
  const fromProxy = req.get('x-real-ip');
  if (fromProxy && isIP(fromProxy)) return fromProxy;
  return req.socket.remoteAddress ?? '';
}
