import type { RemoteFiles } from './files/remote-files';
import type { Picture } from './picture';

/** What the viewer's page does with an open remote screen, whichever client draws it. */
export interface ScreenConnection {
  disconnect(): void;
  /** Presses and releases these keys together (X11 keysyms), e.g. Ctrl+Esc. */
  sendKeyCombo(keysyms: number[]): void;
  /** Puts text on the remote clipboard (the control plane's filters apply on the way). */
  sendClipboard(text: string): void;
  /** Gives the remote desktop the keyboard. */
  focus(): void;
  /** How the moving picture is encoded from now on (container desktops; guacd chooses its own for remote systems). */
  setPicture?(picture: Picture): void;
  /** Sends the browser's microphone to a remote system while on (container sessions have their own, with their sound). */
  setMicrophone?(on: boolean): void;
}

export interface ScreenEvents {
  onConnected(): void;
  /** The stream closed; `retry` is false when the remote end refused for good (e.g. wrong credentials). */
  onClosed(retry: boolean, reason?: string): void;
  onClipboard(text: string): void;
  /** A sentence about an intermediate step (e.g. "waiting for the remote system"). */
  onStatus(text: string): void;
  /** The remote system offers its files (guacd's SFTP for SSH, the session's drive for RDP). */
  onFiles?(files: RemoteFiles): void;
  /** The microphone stopped: turned off, or refused (`reason`: by the policy, or a system that takes none). */
  onMicrophoneStopped?(reason?: string): void;
}

export const KEYSYMS = { controlLeft: 0xffe3, altLeft: 0xffe9, delete: 0xffff, escape: 0xff1b } as const;
export const CTRL_ALT_DEL = [KEYSYMS.controlLeft, KEYSYMS.altLeft, KEYSYMS.delete];
export const CTRL_ESC = [KEYSYMS.controlLeft, KEYSYMS.escape];
