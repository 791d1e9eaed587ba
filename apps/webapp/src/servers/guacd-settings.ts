import type { RemoteCredentials, ServerProtocol, ServerSettings } from '@atrium/contracts';

export interface ClipboardPolicy {
  copy: boolean;
  paste: boolean;
}

type GuacdSettings = Record<string, string | number | boolean>;

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

/** Everything guacd needs to open a server: address, credentials, protocol settings and clipboard policy. */
export function guacdSettings(
  server: { protocol: ServerProtocol; hostname: string; port: number; settings: ServerSettings },
  credentials: RemoteCredentials | undefined,
  clipboard: ClipboardPolicy,
): GuacdSettings {
  return {
    hostname: server.hostname,
    port: server.port,
    ...(credentials?.username && { username: credentials.username }),
    ...(credentials?.password && { password: credentials.password }),
    ...protocolSettings(server.protocol, server.settings),
    'disable-copy': !clipboard.copy,
    'disable-paste': !clipboard.paste,
  };
}
