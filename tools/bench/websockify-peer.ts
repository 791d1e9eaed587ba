/**
 * The peer a user would otherwise pick to put a VNC server in a browser: websockify (Debian's package) in
 * front of the same VNC socket, behind an nginx of the same build and with the same TLS and stream settings
 * as kasm_proxy (the image's nginx, on the host's network). Started for one run, removed after it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Peer {
  /** wss URL of the peer's WebSocket (TLS by nginx, then websockify, then the VNC socket). */
  url: string;
  stop(): void;
}

const WEBSOCKIFY_PORT = 16_080;
const NGINX_PORT = 18_943;

/** The stream location's settings, as kasm_proxy's generator writes them (render-nginx-conf.ts, streamProxy). */
const nginxConf = (dir: string) => `worker_processes 2;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  sendfile on;
  tcp_nodelay on;
  server {
    listen 127.0.0.1:${NGINX_PORT} ssl;
    ssl_certificate ${dir}/tls.crt;
    ssl_certificate_key ${dir}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    location /websockify {
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 1h;
      proxy_buffering off;
      proxy_buffer_size 64k;
      proxy_buffers 4 64k;
      proxy_pass http://127.0.0.1:${WEBSOCKIFY_PORT};
    }
  }
}
`;

function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve()));
      socket.once('error', () => (Date.now() > deadline ? reject(new Error(`nothing listens on ${port}`)) : setTimeout(attempt, 50)));
    };
    attempt();
  });
}

/** Starts websockify on the session's VNC socket and nginx in front of it; `cert`/`key` are kasm_proxy's. */
export async function startWebsockifyPeer(vncSocket: string, tls: { cert: string; key: string }, nginxImage: string): Promise<Peer> {
  if (!execFileSync('sh', ['-c', 'command -v websockify || true'], { encoding: 'utf8' }).trim()) {
    execFileSync('apt-get', ['install', '-y', '-q', 'websockify'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const dir = mkdtempSync(join(tmpdir(), 'atrium-peer-'));
  writeFileSync(join(dir, 'tls.crt'), tls.cert);
  writeFileSync(join(dir, 'tls.key'), tls.key, { mode: 0o644 });
  writeFileSync(join(dir, 'nginx.conf'), nginxConf('/peer'));
  execFileSync('chmod', ['-R', 'a+rwX', dir]);
  const websockify: ChildProcess = spawn('websockify', [`127.0.0.1:${WEBSOCKIFY_PORT}`, `--unix-target=${vncSocket}`], { stdio: 'ignore' });
  const nginx = execFileSync(
    'docker',
    ['run', '-d', '--rm', '--network', 'host', '-v', `${dir}:/peer`, '--entrypoint', 'nginx', nginxImage, '-c', '/peer/nginx.conf', '-g', 'daemon off;'],
    { encoding: 'utf8' },
  ).trim();
  await Promise.all([waitForPort(WEBSOCKIFY_PORT), waitForPort(NGINX_PORT)]);
  return {
    url: `wss://127.0.0.1:${NGINX_PORT}/websockify`,
    stop: () => {
      websockify.kill();
      execFileSync('docker', ['rm', '-f', nginx], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
