// Remote-system viewer: guacamole-common-js over /guac/, with the session's short-lived connection token.
// Display, mouse, keyboard and clipboard both ways; guacd enforces the control plane's clipboard policy.
import Guacamole from '/guacamole/guacamole-common.js';

const STATES = ['idle', 'connecting', 'waiting', 'connected', 'disconnecting', 'disconnected'];

export async function connect({ sessionId, screen, setStatus }) {
  const response = await fetch(`/api/sessions/${sessionId}`, { credentials: 'same-origin' });
  const session = await response.json();
  const token = session.connectUrl && new URL(session.connectUrl, location.href).searchParams.get('token');
  if (!token) {
    setStatus(session.message ?? 'this session cannot be opened again; launch it anew');
    return;
  }
  const client = new Guacamole.Client(new Guacamole.WebSocketTunnel(`wss://${location.host}/guac/`));
  screen.replaceChildren(client.getDisplay().getElement());
  client.onstatechange = (state) => setStatus(STATES[state] ?? String(state));
  // The connection proxy has already put a sentence a user can act on in the message.
  client.onerror = (error) => setStatus(error.message);
  client.onclipboard = (stream, mimetype) => {
    if (!/^text\//.test(mimetype)) return;
    const reader = new Guacamole.StringReader(stream);
    let text = '';
    reader.ontext = (chunk) => (text += chunk);
    reader.onend = () => navigator.clipboard?.writeText(text).catch(() => undefined);
  };
  const width = screen.clientWidth;
  const height = screen.clientHeight;
  client.connect(`token=${encodeURIComponent(token)}&width=${width}&height=${height}&dpi=96`);

  const mouse = new Guacamole.Mouse(client.getDisplay().getElement());
  mouse.onEach(['mousedown', 'mouseup', 'mousemove'], (event) => client.sendMouseState(event.state, true));
  const keyboard = new Guacamole.Keyboard(screen);
  keyboard.onkeydown = (keysym) => client.sendKeyEvent(1, keysym);
  keyboard.onkeyup = (keysym) => client.sendKeyEvent(0, keysym);
  // Browser → remote clipboard: pasted text goes to the remote system (guacd drops it when policy disables paste).
  window.addEventListener('paste', (event) => {
    const text = event.clipboardData?.getData('text/plain');
    if (!text) return;
    const writer = new Guacamole.StringWriter(client.createClipboardStream('text/plain'));
    writer.sendText(text);
    writer.sendEnd();
  });
  // guacd 1.3 may announce the display's size before a viewer rejoining a running RDP session is attached, and
  // then never again: the display stays 0x0 (blank). A size differing by a pixel, then the real one, makes it
  // announce the size; asked each second while the display has none, five times at most.
  let sizeAttempts = 0;
  const askForSize = setInterval(() => {
    if (client.getDisplay().getWidth() > 0 || sizeAttempts >= 5) return clearInterval(askForSize);
    sizeAttempts += 1;
    client.sendSize(screen.clientWidth, screen.clientHeight - 1);
    setTimeout(() => client.sendSize(screen.clientWidth, screen.clientHeight), 300);
  }, 1000);
  // The remote desktop follows the window (RDP display update, SSH terminal size), a moment after resizing stops.
  let resizing;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => client.sendSize(screen.clientWidth, screen.clientHeight), 200);
  });
  screen.focus();
  window.addEventListener('beforeunload', () => client.disconnect());
  return client;
}
