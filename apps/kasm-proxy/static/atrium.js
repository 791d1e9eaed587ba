// Placeholder UI: sign in, show who is signed in and the platform's health. All calls go through /api.
'use strict';

async function api(path, options = {}) {
  const response = await fetch(`/api${path}`, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

const $ = (id) => document.getElementById(id);

async function showHealth() {
  const { body } = await api('/health');
  const list = $('health');
  list.replaceChildren();
  for (const [name, component] of Object.entries(body?.components ?? {})) {
    const item = document.createElement('li');
    item.className = component.status;
    item.textContent = `${name}: ${component.status}${component.detail ? ` (${component.detail})` : ''}`;
    list.append(item);
  }
}

async function showSession() {
  const { ok, body } = await api('/auth/me');
  $('login').hidden = ok;
  $('signed-in').hidden = !ok;
  if (ok) {
    $('username').textContent = body.username;
    $('role').textContent = body.role;
  }
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const { ok, body } = await api('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  $('login-error').textContent = ok ? '' : (body?.message ?? 'Sign-in failed.');
  if (ok) await showSession();
});

$('logout').addEventListener('click', async () => {
  await api('/auth/logout', { method: 'POST' });
  await showSession();
});

showSession();
showHealth();
setInterval(showHealth, 10000);
