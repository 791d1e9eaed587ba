import type { ResolvedPolicy } from '@atrium/contracts';
import { showsClipboard, viewerControls } from './viewer-controls';

const policy = (change: Partial<ResolvedPolicy>) =>
  ({ allow_kasm_clipboard_up: true, allow_kasm_clipboard_down: true, allow_kasm_delete: true, allow_kasm_sharing: true, ...change }) as ResolvedPolicy;

describe('viewerControls', () => {
  it('should give the owner what their policy allows', () => {
    expect(viewerControls(policy({}), 'owner')).toEqual({ clipboardUp: true, clipboardDown: true, keys: true, end: true, share: true });
    const locked = viewerControls(
      policy({ allow_kasm_clipboard_up: false, allow_kasm_clipboard_down: false, allow_kasm_delete: false, allow_kasm_sharing: false }),
      'owner',
    );
    expect(locked).toEqual({ clipboardUp: false, clipboardDown: false, keys: true, end: false, share: false });
    expect(showsClipboard(locked)).toBe(false);
  });

  it('should show the clipboard panel when text may go one way only', () => {
    expect(showsClipboard(viewerControls(policy({ allow_kasm_clipboard_up: false }), 'owner'))).toBe(true);
  });

  it("should never give a share viewer the clipboard, the keys or the end button, whatever the viewer's own policy", () => {
    expect(viewerControls(policy({}), 'share-viewer')).toEqual({ clipboardUp: false, clipboardDown: false, keys: false, end: false, share: false });
  });

  it('should offer no clipboard before the policy is known', () => {
    expect(showsClipboard(viewerControls(undefined, 'owner'))).toBe(false);
  });
});
