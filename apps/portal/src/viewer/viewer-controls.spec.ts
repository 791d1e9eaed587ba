import { allowingPolicy } from './allowing-policy.fixture';
import { showsClipboard, showsFiles, viewerControls } from './viewer-controls';

const policy = allowingPolicy;

describe('viewerControls', () => {
  it('should give the owner what their policy allows', () => {
    expect(viewerControls(policy({}), 'owner')).toEqual({
      clipboardUp: true,
      clipboardDown: true,
      keys: true,
      end: true,
      share: true,
      upload: true,
      download: true,
      sound: true,
      microphone: true,
    });
    const locked = viewerControls(
      policy({
        allow_kasm_clipboard_up: false,
        allow_kasm_clipboard_down: false,
        allow_kasm_delete: false,
        allow_kasm_sharing: false,
        allow_kasm_uploads: false,
        allow_kasm_downloads: false,
        allow_kasm_audio: false,
      }),
      'owner',
    );
    expect(locked).toEqual({
      clipboardUp: false,
      clipboardDown: false,
      keys: true,
      end: false,
      share: false,
      upload: false,
      download: false,
      sound: false,
      microphone: false,
    });
    expect(showsClipboard(locked)).toBe(false);
    expect(showsFiles(locked)).toBe(false);
  });

  it('should offer files in container sessions, in remote ones once the system offers them, one direction at a time', () => {
    expect(showsFiles(viewerControls(policy({}), 'owner', 'remote'), undefined, 'remote')).toBe(false);
    expect(showsFiles(viewerControls(policy({}), 'owner', 'remote'), {}, 'remote')).toBe(true);
    expect(viewerControls(policy({ allow_kasm_uploads: false }), 'owner')).toMatchObject({ upload: false, download: true });
  });

  it('should offer the microphone to remote systems too, as the policy allows (guacd takes it for RDP only)', () => {
    expect(viewerControls(policy({}), 'owner', 'remote').microphone).toBe(true);
    expect(viewerControls(policy({ allow_kasm_microphone: false }), 'owner', 'remote').microphone).toBe(false);
  });

  it('should show the clipboard panel when text may go one way only', () => {
    expect(showsClipboard(viewerControls(policy({ allow_kasm_clipboard_up: false }), 'owner'))).toBe(true);
  });

  it("should never give a share viewer the clipboard, the keys, the end button or the microphone, whatever the viewer's own policy (sound: the server decides by the owner's)", () => {
    expect(viewerControls(policy({}), 'share-viewer')).toEqual({
      clipboardUp: false,
      clipboardDown: false,
      keys: false,
      end: false,
      share: false,
      upload: false,
      download: false,
      sound: true,
      microphone: false,
    });
  });

  it('should offer no clipboard before the policy is known', () => {
    expect(showsClipboard(viewerControls(undefined, 'owner'))).toBe(false);
  });
});
