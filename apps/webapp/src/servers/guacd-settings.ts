import type { RemoteCredentials, ServerProtocol, ServerSettings } from '@atrium/contracts';

export interface ClipboardPolicy {
  copy: boolean;
  paste: boolean;
}

/** Which way files may cross (`allow_kasm_uploads`, `allow_kasm_downloads`). */
export interface FilesPolicy {
  upload: boolean;
  download: boolean;
}

type GuacdSettings = Record<string, string | number | boolean>;

/**
 * Files for SSH: guacd's SFTP on the same connection and credentials, in the directions the policy allows, refused
 * by guacd itself in the other as well as by the connection proxy. RDP's drive has no such switches in guacd 1.3:
 * the connection proxy adds the drive (in the session's own folder) and enforces each direction alone.
 */
function filesSettings(protocol: ServerProtocol, files: FilesPolicy): GuacdSettings {
  if (protocol !== 'ssh' || (!files.upload && !files.download)) return {};
  return { 'enable-sftp': true, 'sftp-disable-upload': !files.upload, 'sftp-disable-download': !files.download };
}

/** guacd's parameters for one protocol, from the server's settings (defaults where unset). */
function protocolSettings(protocol: ServerProtocol, settings: ServerSettings): GuacdSettings {
  switch (protocol) {
    case 'rdp':
      return { security: settings.rdpSecurity ?? 'any', 'ignore-cert': settings.rdpIgnoreCertificate ?? false, 'resize-method': 'display-update' };
    case 'ssh':
      return {
        'color-scheme': settings.sshColorScheme ?? 'gray-black',
        'font-name': settings.sshFontName ?? 'DejaVu Sans Mono',
        'font-size': settings.sshFontSize ?? 12,
      };
    case 'vnc':
      return { 'color-depth': settings.vncColorDepth ?? 24 };
  }
}

/** Everything guacd needs to open a server: address, credentials, protocol settings, clipboard and files policy. */
export function guacdSettings(
  server: { protocol: ServerProtocol; hostname: string; port: number; settings: ServerSettings },
  credentials: RemoteCredentials | undefined,
  clipboard: ClipboardPolicy,
  files: FilesPolicy = { upload: false, download: false },
  sound = false,
  microphone = false,
): GuacdSettings {
  return {
    hostname: server.hostname,
    port: server.port,
    ...(credentials?.username && { username: credentials.username }),
    ...(credentials?.password && { password: credentials.password }),
    ...protocolSettings(server.protocol, server.settings),
    'disable-copy': !clipboard.copy,
    'disable-paste': !clipboard.paste,
    ...filesSettings(server.protocol, files),
    // RDP carries the remote system's sound when the policy allows it (`allow_kasm_audio`); guacd drops it otherwise.
    // The microphone goes the other way (`allow_kasm_microphone`): guacd takes it only with `enable-audio-input`.
    ...(server.protocol === 'rdp' && { 'disable-audio': !sound, 'enable-audio-input': microphone }),
  };
}
