// One viewer page for both kinds of session: the path names the session and which client draws it
// (noVNC for a container desktop, guacamole-common-js for a remote system). Ending a session is shared.
const [, kind, sessionId] = location.pathname.split('/');
const status = document.getElementById('status');
const screen = document.getElementById('screen');
const setStatus = (text) => (status.textContent = text);

const { connect } = await import(kind === 'remote' ? '/remote.js' : '/desktop.js');
const connection = connect({ sessionId, screen, setStatus });

document.getElementById('end').addEventListener('click', async () => {
  setStatus('ending…');
  (await connection)?.disconnect();
  try {
    await fetch(`/api/sessions/${sessionId}`, { method: 'DELETE', credentials: 'same-origin' });
  } finally {
    // Leave even when the answer is lost (a browser on the Docker host may see the network change).
    location.href = '/';
  }
});
