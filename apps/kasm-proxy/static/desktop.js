// Desktop viewer: noVNC connected to this session's stream. The proxy authorises the WebSocket with the
// session cookie; no VNC password ever reaches the browser (the agent answers "no authentication").
import RFB from '/novnc/core/rfb.js';

const sessionId = location.pathname.split('/')[2];
const status = document.getElementById('status');

const rfb = new RFB(document.getElementById('screen'), `wss://${location.host}/desktop/${sessionId}/websockify`);
rfb.scaleViewport = true;
rfb.addEventListener('connect', () => (status.textContent = 'connected'));
rfb.addEventListener('disconnect', (event) => (status.textContent = event.detail.clean ? 'disconnected' : 'connection lost'));
rfb.addEventListener('desktopname', (event) => (document.title = `${event.detail.name} · Atrium`));

document.getElementById('end').addEventListener('click', async () => {
  status.textContent = 'ending…';
  rfb.disconnect();
  try {
    await fetch(`/api/sessions/${sessionId}`, { method: 'DELETE', credentials: 'same-origin' });
  } finally {
    // Leave even when the answer is lost (a browser on the Docker host may see the network change).
    location.href = '/';
  }
});
