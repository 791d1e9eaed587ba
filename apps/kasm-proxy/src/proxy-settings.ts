import { envPort, loadConfigOrExit } from '@atrium/config';
import { z } from 'zod';

const rate = z.string().regex(/^\d{1,6}r\/[sm]$/, 'must be a rate like 10r/s or 60r/m');
const hostAndPort = z.string().regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'must be host:port');
/** Only characters that cannot break out of an nginx directive. */
const safePath = z.string().regex(/^\/[A-Za-z0-9._/-]+$/, 'must be an absolute path without spaces or quotes');

/** What the front door is rendered from. Every value is validated, since it is pasted into nginx.conf. */
export const proxySettingsShape = {
  /** The one public hostname (certificate, redirects, allowed Origin). */
  PUBLIC_HOSTNAME: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a DNS name or IPv4 address')
    .default('localhost'),
  /** The port users reach HTTPS on (the host side of the published port). */
  PUBLIC_HTTPS_PORT: envPort(443),
  /** Ports nginx listens on inside its container (unprivileged, so nginx needs no root). */
  HTTPS_LISTEN_PORT: envPort(8443),
  HTTP_LISTEN_PORT: envPort(8080),
  TLS_CERT_PATH: safePath.default('/certs/tls.crt'),
  TLS_KEY_PATH: safePath.default('/certs/tls.key'),
  STATIC_ROOT: safePath.default('/usr/share/atrium/ui'),
  /** The webapp's public API listener: all that `/api/` reaches. */
  WEBAPP_UPSTREAM: hostAndPort.default('webapp:3000'),
  /** The webapp's internal listener: only this proxy's auth_request subrequests reach it. */
  WEBAPP_INTERNAL_UPSTREAM: hostAndPort.default('webapp:3001'),
  CONNECTION_PROXY_UPSTREAM: hostAndPort.default('connection_proxy:4000'),
  /** Per-address rate of sign-in requests (nginx limit_req: `10r/s`, `60r/m`) and the burst above it. */
  LIMIT_AUTH_RATE: rate.default('10r/s'),
  LIMIT_AUTH_BURST: z.coerce.number().int().min(0).max(10_000).default(20),
  /** Per-address rate of new desktop and remote streams, and the burst above it. */
  LIMIT_STREAM_RATE: rate.default('10r/s'),
  LIMIT_STREAM_BURST: z.coerce.number().int().min(0).max(10_000).default(30),
  /** The largest upload nginx passes on (MiB); the agent's own per-file limit decides below it. */
  FILES_MAX_BODY_MB: z.coerce.number().int().min(1).max(65_536).default(4096),
  /** Docker's embedded DNS: upstreams are resolved per request, so nginx starts before they do. */
  DNS_RESOLVER: z
    .string()
    .regex(/^[0-9a-fA-F.:[\]]+$/, 'must be an IP address')
    .default('127.0.0.11'),
  /** Request log (JSON lines); the container's stdout by default. */
  ACCESS_LOG_PATH: safePath.default('/dev/stdout'),
  /** Where nginx may write its pid and temporary files as an unprivileged user. */
  RUN_DIR: safePath.default('/tmp/nginx'),
};

export type ProxySettings = ReturnType<typeof parseProxySettings>;

export const parseProxySettings = (env: Record<string, string | undefined> = process.env) =>
  loadConfigOrExit('kasm-proxy', { ...proxySettingsShape, NGINX_CONF_PATH: safePath.default('/tmp/nginx/nginx.conf') }, env);
