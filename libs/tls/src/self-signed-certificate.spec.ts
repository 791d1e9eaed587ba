import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subjectAltNames, writeSelfSignedCertificate } from './self-signed-certificate';

describe('writeSelfSignedCertificate', () => {
  it('should write a certificate valid for the hostname and loopback, for the given days', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atrium-tls-'));
    writeSelfSignedCertificate({ hostname: 'localhost', days: 3, keyPath: join(dir, 'k.pem'), certPath: join(dir, 'c.pem') });
    const cert = new X509Certificate(readFileSync(join(dir, 'c.pem')));
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.org')).toBeUndefined();
    const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
  });
});

describe('subjectAltNames', () => {
  it.each([
    ['atrium.example.org', 'DNS:atrium.example.org'],
    ['10.1.2.3', 'IP:10.1.2.3'],
    ['fd00::1', 'IP:fd00::1'],
    ['localhost', 'DNS:localhost,IP:127.0.0.1,IP:::1'],
  ])('should name %s as %s', (hostname, names) => {
    expect(subjectAltNames(hostname)).toBe(names);
  });
});
