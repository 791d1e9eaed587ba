import { chmodSync, chownSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { writeSelfSignedCertificate } from '@atrium/tls';

export type CertificateOutcome = 'custom' | 'kept' | 'generated';

export interface CertificateOptions {
  hostname: string;
  /** Where kasm_proxy reads tls.crt and tls.key. */
  certDir: string;
  /** A user-supplied tls.crt + tls.key here replace the generated certificate. */
  customDir: string;
  /** uid of kasm_proxy, owner of the key; undefined when run unprivileged. */
  ownerUid?: number;
}

/** True when the certificate at `path` is valid for `hostname` and not expiring within a week. */
function certificateFits(path: string, hostname: string): boolean {
  try {
    const cert = new X509Certificate(readFileSync(path));
    const valid = cert.checkHost(hostname) !== undefined || cert.checkIP(hostname) !== undefined;
    return valid && new Date(cert.validTo).getTime() > Date.now() + 7 * 24 * 3600_000;
  } catch {
    return false;
  }
}

function protectKey(options: CertificateOptions): void {
  const key = join(options.certDir, 'tls.key');
  chmodSync(key, 0o400);
  if (options.ownerUid !== undefined) {
    chownSync(key, options.ownerUid, options.ownerUid);
    chownSync(join(options.certDir, 'tls.crt'), options.ownerUid, options.ownerUid);
  }
}

/** Installs the user's certificate, keeps a fitting one, or makes a self-signed ECDSA one for the hostname. */
export function ensureCertificate(options: CertificateOptions): CertificateOutcome {
  const crt = join(options.certDir, 'tls.crt');
  const key = join(options.certDir, 'tls.key');
  const customCrt = join(options.customDir, 'tls.crt');
  const customKey = join(options.customDir, 'tls.key');
  if (existsSync(customCrt) && existsSync(customKey)) {
    for (const [from, to] of [
      [customCrt, crt],
      [customKey, key],
    ] as const) {
      if (existsSync(to)) chmodSync(to, 0o600);
      copyFileSync(from, to);
    }
    protectKey(options);
    return 'custom';
  }
  if (existsSync(key) && certificateFits(crt, options.hostname)) return 'kept';
  if (existsSync(key)) chmodSync(key, 0o600);
  writeSelfSignedCertificate({ hostname: options.hostname, days: 825, keyPath: key, certPath: crt });
  protectKey(options);
  return 'generated';
}
