import type { ResolvedPolicy } from '@atrium/contracts';

/** Which controls the viewer's bar offers; the server enforces each of these anyway. */
export interface ViewerControls {
  /** Text may go from the browser into the session. */
  clipboardUp: boolean;
  /** Text may come from the session to the browser. */
  clipboardDown: boolean;
  /** Special keys (Ctrl+Alt+Del, Ctrl+Esc): for whoever may type. */
  keys: boolean;
  /** End the session for good (the owner, when the policy allows deleting). */
  end: boolean;
  /** Hand out a link others join to watch (the owner, when the policy allows sharing). */
  share: boolean;
  /** Files in and out (the owner, as the policy allows): `~/Uploads` and `~/Downloads` of a container, a remote system's SFTP. */
  upload: boolean;
  download: boolean;
  /** Hear the session (container sessions; a share viewer may, when the owner's policy says so, which the server decides). */
  sound: boolean;
  /** Send the microphone into the session (the owner, when the policy allows it). */
  microphone: boolean;
}

/**
 * From the person's policy and whether they own the session or watch someone else's shared one. A share viewer
 * never gets the clipboard, the end button or sharing; the owner gets what their groups allow.
 */
export function viewerControls(policy: ResolvedPolicy | undefined, role: 'owner' | 'share-viewer', kind: 'container' | 'remote' = 'container'): ViewerControls {
  if (role === 'share-viewer' || !policy) {
    const sound = role === 'share-viewer' && kind === 'container';
    return {
      clipboardUp: false,
      clipboardDown: false,
      keys: role === 'owner',
      end: false,
      share: false,
      upload: false,
      download: false,
      sound,
      microphone: false,
    };
  }
  return {
    upload: policy.allow_kasm_uploads,
    download: policy.allow_kasm_downloads,
    sound: policy.allow_kasm_audio,
    microphone: policy.allow_kasm_audio && policy.allow_kasm_microphone,
    clipboardUp: policy.allow_kasm_clipboard_up,
    clipboardDown: policy.allow_kasm_clipboard_down,
    keys: true,
    end: policy.allow_kasm_delete,
    share: policy.allow_kasm_sharing,
  };
}

/** The clipboard panel appears when text may go either way. */
export const showsClipboard = (controls: ViewerControls) => controls.clipboardUp || controls.clipboardDown;

/** The files panel appears when files may move either way (for a remote system, once it offers its files). */
export const showsFiles = (controls: ViewerControls, remoteFiles?: unknown, kind: 'container' | 'remote' = 'container') =>
  (controls.upload || controls.download) && (kind === 'container' || remoteFiles !== undefined);
