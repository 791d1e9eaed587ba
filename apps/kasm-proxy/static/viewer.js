// One viewer page for both kinds of session: the path names the session and which client draws it
// (noVNC for a container desktop, guacamole-common-js for a remote system). A `share` query joins someone
// else's shared session first, as a viewer. Ending a session, keepalives and idle disconnects are shared.
const [, kind, sessionId] = location.pathname.split('/');
const shareId = new URLSearchParams(location.search).get('share');
const status = document.getElementById('status');
const screen = document.getElementById('screen');
const endButton = document.getElementById('end');
const setStatus = (text) => (status.textContent = text);

/**
 * Loads the viewer's modules. Chromium aborts requests when the machine's network interfaces change (on a
 * Docker host, each container start does), and a module that failed once stays failed in the page: the page
 * reloads itself then, at most three times in a row, and otherwise says so.
 */
async function loadModules(paths) {
  try {
    const modules = await Promise.all(paths.map((path) => import(path)));
    sessionStorage.removeItem('atrium-viewer-reloads');
    return modules;
  } catch (error) {
    const reloads = Number(sessionStorage.getItem('atrium-viewer-reloads') ?? 0);
    if (reloads >= 3) {
      setStatus('the viewer could not load; check the connection and reload');
      throw error;
    }
    sessionStorage.setItem('atrium-viewer-reloads', String(reloads + 1));
    setStatus('loading the viewer again…');
    setTimeout(() => location.reload(), 1000);
    return new Promise(() => undefined);
  }
}

async function joinShare() {
  const response = await fetch(`/api/shares/${encodeURIComponent(shareId)}/join`, { method: 'POST', credentials: 'same-origin' });
  if (response.ok) return true;
  const error = await response.json().catch(() => ({}));
  setStatus(error.message ?? 'this share cannot be joined');
  return false;
}

if (!shareId || (await joinShare())) {
  const [{ connect }, { keepAlive }] = await loadModules([kind === 'remote' ? '/remote.js' : '/desktop.js', '/keepalive.js']);
  const connection = connect({ sessionId, screen, setStatus });

  if (shareId) {
    // A viewer leaves; only the owner ends the session.
    endButton.textContent = 'Leave';
    endButton.addEventListener('click', async () => {
      (await connection)?.disconnect();
      location.href = '/';
    });
  } else {
    keepAlive({
      sessionId,
      screen,
      onIdle: async (minutes) => {
        (await connection)?.disconnect();
        setStatus(`disconnected after ${minutes} minutes without input`);
      },
    });
    endButton.addEventListener('click', async () => {
      setStatus('ending…');
      (await connection)?.disconnect();
      try {
        await fetch(`/api/sessions/${sessionId}`, { method: 'DELETE', credentials: 'same-origin' });
      } finally {
        // Leave even when the answer is lost (a browser on the Docker host may see the network change).
        location.href = '/';
      }
    });
  }
}
