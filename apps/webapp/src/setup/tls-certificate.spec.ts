import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCertificate } from './tls-certificate';

function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'tls-'));
  const certDir = join(root, 'certs');
  const customDir = join(root, 'custom');
  mkdirSync(certDir);
  mkdirSync(customDir);
  return { certDir, customDir };
}
const certOf = (dir: string) => new X509Certificate(readFileSync(join(dir, 'tls.crt')));

describe('ensureCertificate', () => {
  it('should generate a self-signed certificate valid for the hostname and loopback', () => {
    const { certDir, customDir } = dirs();
    expect(ensureCertificate({ hostname: 'localhost', certDir, customDir })).toBe('generated');
    const cert = certOf(certDir);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('other.example')).toBeUndefined();
  });

  it('should keep a fitting certificate and replace it when the hostname changes', () => {
    const { certDir, customDir } = dirs();
    ensureCertificate({ hostname: 'atrium.test', certDir, customDir });
    const first = certOf(certDir).fingerprint256;
    expect(ensureCertificate({ hostname: 'atrium.test', certDir, customDir })).toBe('kept');
    expect(certOf(certDir).fingerprint256).toBe(first);
    expect(ensureCertificate({ hostname: 'desk.atrium.test', certDir, customDir })).toBe('generated');
    expect(certOf(certDir).checkHost('desk.atrium.test')).toBe('desk.atrium.test');
  });

  it('should install a user-supplied certificate in place of the generated one', () => {
    const mine = dirs();
    ensureCertificate({ hostname: 'mine.example', certDir: mine.certDir, customDir: mine.customDir });
    const { certDir, customDir } = dirs();
    ensureCertificate({ hostname: 'localhost', certDir, customDir });
    copyFileSync(join(mine.certDir, 'tls.crt'), join(customDir, 'tls.crt'));
    copyFileSync(join(mine.certDir, 'tls.key'), join(customDir, 'tls.key'));
    expect(ensureCertificate({ hostname: 'localhost', certDir, customDir })).toBe('custom');
    expect(certOf(certDir).fingerprint256).toBe(certOf(mine.certDir).fingerprint256);
  });
});
