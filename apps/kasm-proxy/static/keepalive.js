// Keeps the owner's session alive while its viewer is open, under the user's policy: a keepalive every
// third of `keepalive_expiration` (5 s to 60 s), and after `idle_disconnect` minutes without input the
// viewer disconnects and stops sending them, so the control plane ends an abandoned session on time.
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

export async function keepAlive({ sessionId, screen, onIdle }) {
  const response = await fetch('/api/me/policy', { credentials: 'same-origin' });
  if (!response.ok) return;
  const { policy } = await response.json();
  const every = Math.min(60_000, Math.max(5_000, (policy.keepalive_expiration * 1000) / 3));
  let lastInput = Date.now();
  for (const type of INPUT_EVENTS) screen.addEventListener(type, () => (lastInput = Date.now()), { passive: true });

  const send = () => fetch(`/api/sessions/${sessionId}/keepalive`, { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  send();
  const timer = setInterval(() => {
    const idleMs = Date.now() - lastInput;
    if (policy.idle_disconnect > 0 && idleMs > policy.idle_disconnect * 60_000) {
      clearInterval(timer);
      onIdle(policy.idle_disconnect);
      return;
    }
    send();
  }, every);
}
