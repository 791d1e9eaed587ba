import { desktopStreamPath } from '@atrium/contracts';
import RFB from '@novnc/novnc';
import { PICTURES, type Picture } from './picture';
import type { ScreenConnection, ScreenEvents } from './screen-connection';

/**
 * A container desktop through noVNC. kasm_proxy authorises the WebSocket with the session cookie and the agent
 * answers "no authentication": no VNC password ever reaches the browser. The desktop takes the size of the
 * window and follows it (SetDesktopSize), and gets the keyboard as soon as it is connected. `picture` sets the
 * encoder's levels before the first update is asked for; a change later is sent at once (noVNC resends its encodings).
 */
export function openNoVnc(screen: HTMLElement, sessionId: string, events: ScreenEvents, picture: Picture): ScreenConnection {
  const rfb = new RFB(screen, `wss://${location.host}${desktopStreamPath(sessionId)}`);
  const setPicture = (chosen: Picture) => {
    rfb.qualityLevel = PICTURES[chosen].quality;
    rfb.compressionLevel = PICTURES[chosen].compression;
  };
  setPicture(picture);
  rfb.resizeSession = true;
  rfb.scaleViewport = true;
  rfb.background = '#1a1b1e';
  rfb.addEventListener('connect', () => {
    events.onConnected();
    rfb.focus();
  });
  let closed = false;
  rfb.addEventListener('disconnect', () => {
    closed = true;
    events.onClosed(true);
  });
  rfb.addEventListener('clipboard', (event) => events.onClipboard((event as CustomEvent<{ text: string }>).detail.text));
  rfb.addEventListener('desktopname', (event) => {
    document.title = `${(event as CustomEvent<{ name: string }>).detail.name} · Atrium`;
  });

  return {
    // noVNC logs an error when asked to disconnect what is already closed.
    disconnect: () => {
      if (!closed) rfb.disconnect();
    },
    sendKeyCombo: (keysyms) => {
      for (const keysym of keysyms) rfb.sendKey(keysym, null, true);
      for (const keysym of [...keysyms].reverse()) rfb.sendKey(keysym, null, false);
    },
    sendClipboard: (text) => rfb.clipboardPasteFrom(text),
    focus: () => rfb.focus(),
    setPicture,
  };
}
