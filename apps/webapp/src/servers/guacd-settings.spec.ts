import { guacdSettings } from './guacd-settings';

const allow = { copy: true, paste: true };

describe('guacdSettings', () => {
  it('should give SSH its terminal look, the credentials and the clipboard policy', () => {
    expect(
      guacdSettings(
        { protocol: 'ssh', hostname: 'h', port: 22, settings: { sshFontSize: 14 } },
        { username: 'u', password: 'p' },
        { copy: true, paste: false },
      ),
    ).toEqual({
      hostname: 'h',
      port: 22,
      username: 'u',
      password: 'p',
      'color-scheme': 'gray-black',
      'font-name': 'DejaVu Sans Mono',
      'font-size': 14,
      'disable-copy': false,
      'disable-paste': true,
    });
  });

  it('should give RDP its security mode and certificate checking', () => {
    const settings = guacdSettings(
      { protocol: 'rdp', hostname: 'w', port: 3389, settings: { rdpSecurity: 'nla', rdpIgnoreCertificate: true } },
      undefined,
      allow,
    );
    expect(settings).toMatchObject({ security: 'nla', 'ignore-cert': true });
    expect(settings).not.toHaveProperty('username');
  });

  it('should give VNC its colour depth, and leave out an empty username', () => {
    expect(guacdSettings({ protocol: 'vnc', hostname: 'v', port: 5901, settings: {} }, { username: '', password: 'p' }, allow)).toEqual({
      hostname: 'v',
      port: 5901,
      password: 'p',
      'color-depth': 24,
      'disable-copy': false,
      'disable-paste': false,
    });
  });

  it('should give SSH an SFTP that refuses, in guacd itself, each direction the policy turns off', () => {
    const ssh = { protocol: 'ssh' as const, hostname: 'h', port: 22, settings: {} };
    expect(guacdSettings(ssh, undefined, allow, { upload: true, download: false })).toMatchObject({
      'enable-sftp': true,
      'sftp-disable-upload': false,
      'sftp-disable-download': true,
    });
    expect(guacdSettings(ssh, undefined, allow, { upload: false, download: false })).not.toHaveProperty('enable-sftp');
    // The RDP drive is the connection proxy's to add (in the session's own folder), not the webapp's.
    const rdp = guacdSettings({ protocol: 'rdp', hostname: 'w', port: 3389, settings: {} }, undefined, allow, { upload: true, download: true });
    expect(rdp).not.toHaveProperty('enable-drive');
    expect(rdp).not.toHaveProperty('enable-sftp');
  });

  it("should let RDP carry sound only when the policy allows it, and leave the other protocols' settings alone", () => {
    const rdp = { protocol: 'rdp' as const, hostname: 'w', port: 3389, settings: {} };
    expect(guacdSettings(rdp, undefined, allow, undefined, true)).toMatchObject({ 'disable-audio': false });
    expect(guacdSettings(rdp, undefined, allow, undefined, false)).toMatchObject({ 'disable-audio': true });
    expect(guacdSettings({ protocol: 'vnc', hostname: 'v', port: 5901, settings: {} }, undefined, allow, undefined, true)).not.toHaveProperty('disable-audio');
  });

  it('should let guacd take the microphone into RDP only when the policy allows it', () => {
    const rdp = { protocol: 'rdp' as const, hostname: 'w', port: 3389, settings: {} };
    expect(guacdSettings(rdp, undefined, allow, undefined, true, true)).toMatchObject({ 'enable-audio-input': true });
    expect(guacdSettings(rdp, undefined, allow, undefined, true, false)).toMatchObject({ 'enable-audio-input': false });
    expect(guacdSettings({ protocol: 'ssh', hostname: 's', port: 22, settings: {} }, undefined, allow, undefined, true, true)).not.toHaveProperty(
      'enable-audio-input',
    );
  });
});
