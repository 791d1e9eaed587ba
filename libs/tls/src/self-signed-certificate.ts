import { execFileSync } from 'node:child_process';

export interface SelfSignedCertificateOptions {
  hostname: string;
  days: number;
  keyPath: string;
  certPath: string;
}

/** The names the certificate is valid for: the hostname (as DNS name or IP), and loopback for `localhost`. */
export function subjectAltNames(hostname: string): string {
  const isIp = /^[\d.]+$/.test(hostname) || hostname.includes(':');
  const names = [isIp ? `IP:${hostname}` : `DNS:${hostname}`];
  if (hostname === 'localhost') names.push('IP:127.0.0.1', 'IP:::1');
  return names.join(',');
}

/**
 * Writes an ECDSA P-256 key and a self-signed certificate for `hostname` with OpenSSL (present on the host
 * and in the webapp image), the key unencrypted for nginx to read.
 */
export function writeSelfSignedCertificate(options: SelfSignedCertificateOptions): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      String(options.days),
      '-subj',
      `/CN=${options.hostname}/O=Atrium self-signed`,
      '-addext',
      `subjectAltName=${subjectAltNames(options.hostname)}`,
      '-keyout',
      options.keyPath,
      '-out',
      options.certPath,
    ],
    { stdio: 'pipe' },
  );
}
