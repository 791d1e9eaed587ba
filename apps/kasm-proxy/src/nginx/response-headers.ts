/**
 * Response headers. nginx drops every inherited `add_header` in a location that adds one of its own, so each
 * location that answers by itself carries the whole set from here rather than relying on the server level.
 */
const SECURITY_HEADERS = [
  'add_header Strict-Transport-Security "max-age=31536000" always;',
  'add_header X-Content-Type-Options nosniff always;',
  'add_header X-Frame-Options DENY always;',
  'add_header Referrer-Policy no-referrer always;',
];

/**
 * Pages may talk only to this origin, over HTTPS and WSS, run only this origin's scripts, and may not be framed.
 * Styles may also be inline: the portal's component kit (Mantine) writes its theme variables and responsive
 * rules into <style> elements at run time. Images may come from https URLs too: a workspace's icon may be an
 * administrator's URL (Kasm's catalogues point at their registries). Scripts stay 'self' only, which is what stops
 * injected code.
 */
const contentSecurityPolicy = (origin: string) =>
  `add_header Content-Security-Policy "default-src 'self'; connect-src 'self' ${origin.replace('https://', 'wss://')}; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'" always;`;

/** For API answers and nginx's own errors. */
export const securityHeaders = (extra: string[] = []) => [...SECURITY_HEADERS, ...extra].join('\n');

/** For HTML pages and their scripts: the security headers and the content security policy. */
export const pageHeaders = (origin: string) => securityHeaders([contentSecurityPolicy(origin)]);
