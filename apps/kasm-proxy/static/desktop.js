// Container desktop: noVNC connected to this session's stream. The proxy authorises the WebSocket with the
// session cookie; no VNC password ever reaches the browser (the agent answers "no authentication").
// A dropped connection is reopened with backoff (1 s doubling to 30 s) while the session still runs; when
// it does not, the viewer says what became of it instead.
import RFB from '/novnc/core/rfb.js';

const MAX_DELAY_MS = 30_000;

async function sessionState(sessionId) {
  const response = await fetch(`/api/sessions/${sessionId}`, { credentials: 'same-origin' }).catch(() => undefined);
  if (!response?.ok) return undefined;
  return (await response.json()).state;
}

export function connect({ sessionId, screen, setStatus }) {
  let rfb;
  let leaving = false;
  let failures = 0;

  const open = () => {
    rfb = new RFB(screen, `wss://${location.host}/desktop/${sessionId}/websockify`);
    rfb.scaleViewport = true;
    rfb.addEventListener('connect', () => {
      failures = 0;
      setStatus('connected');
    });
    rfb.addEventListener('desktopname', (event) => (document.title = `${event.detail.name} · Atrium`));
    rfb.addEventListener('disconnect', async () => {
      if (leaving) return setStatus('disconnected');
      const state = await sessionState(sessionId);
      if (state !== 'running') return setStatus(state ? `session ${state}` : 'disconnected');
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** failures++);
      setStatus(`connection lost; reconnecting in ${Math.round(delay / 1000)} s`);
      setTimeout(() => !leaving && open(), delay);
    });
  };
  open();

  return {
    disconnect: () => {
      leaving = true;
      rfb.disconnect();
    },
  };
}
