// Container desktop: noVNC connected to this session's stream. The proxy authorises the WebSocket with the
// session cookie; no VNC password ever reaches the browser (the agent answers "no authentication").
import RFB from '/novnc/core/rfb.js';

export function connect({ sessionId, screen, setStatus }) {
  const rfb = new RFB(screen, `wss://${location.host}/desktop/${sessionId}/websockify`);
  rfb.scaleViewport = true;
  rfb.addEventListener('connect', () => setStatus('connected'));
  rfb.addEventListener('disconnect', (event) => setStatus(event.detail.clean ? 'disconnected' : 'connection lost'));
  rfb.addEventListener('desktopname', (event) => (document.title = `${event.detail.name} · Atrium`));
  return rfb;
}
