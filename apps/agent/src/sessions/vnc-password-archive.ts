import { pack } from 'tar-stream';

/** The tar that puts the session's VNC password at /run/atrium/vnc-password, readable by the workspace user only. */
export function vncPasswordArchive(password: string): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name: 'vnc-password', mode: 0o400, uid: 1000, gid: 1000 }, password);
  archive.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
}
