/**
 * The peer a user would otherwise pick to put a VNC server in a browser: websockify (Debian's package) in
 * front of the same VNC socket, behind an nginx of kasm_proxy's image, TLS and stream settings, in kasm_proxy's
 * place in the network: a container on the same network, reached at its address as the benchmark reaches
 * kasm_proxy. websockify runs in that container's network namespace and listens on its loopback, so nginx
 * reaches it as directly as it can. Started for one run, removed after it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Peer {
  /** wss URL of the peer's WebSocket (TLS by nginx, then websockify, then the VNC socket). */
  url: string;
  /** The nginx container's id, and websockify's process (for the CPU they use). */
  nginx: string;
  websockifyPid: number;
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
    listen ${NGINX_PORT} ssl;
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

/** Waits until something accepts TCP connections on `port` of the loopback of process `pid`'s network namespace. */
async function waitForPortInNetns(pid: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      execFileSync('nsenter', ['-t', pid, '-n', 'bash', '-c', `echo > /dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing listens on ${port} next to the peer's nginx`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Starts nginx (kasm_proxy's image) on `network` and websockify on the session's VNC socket next to it;
 * `cert`/`key` are kasm_proxy's. `publishOnLoopback`: reached on 127.0.0.1 through Docker's published port, as a
 * browser on this host reaches kasm_proxy, instead of at the container's address.
 */
export async function startWebsockifyPeer(
  vncSocket: string,
  tls: { cert: string; key: string },
  nginxImage: string,
  network: string,
  publishOnLoopback = false,
): Promise<Peer> {
  if (!execFileSync('sh', ['-c', 'command -v websockify || true'], { encoding: 'utf8' }).trim()) {
    execFileSync('apt-get', ['install', '-y', '-q', 'websockify'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const dir = mkdtempSync(join(tmpdir(), 'atrium-peer-'));
  writeFileSync(join(dir, 'tls.crt'), tls.cert);
  writeFileSync(join(dir, 'tls.key'), tls.key, { mode: 0o644 });
  writeFileSync(join(dir, 'nginx.conf'), nginxConf('/peer'));
  execFileSync('chmod', ['-R', 'a+rwX', dir]);
  const nginx = execFileSync(
    'docker',
    [
      'run',
      '-d',
      '--rm',
      '--network',
      network,
      ...(publishOnLoopback ? ['-p', `127.0.0.1:${NGINX_PORT}:${NGINX_PORT}`] : []),
      '-v',
      `${dir}:/peer`,
      '--entrypoint',
      'nginx',
      nginxImage,
      '-c',
      '/peer/nginx.conf',
      '-g',
      'daemon off;',
    ],
    { encoding: 'utf8' },
  ).trim();
  const inspect = (format: string) => execFileSync('docker', ['inspect', '-f', format, nginx], { encoding: 'utf8' }).trim();
  const pid = inspect('{{.State.Pid}}');
  const address = inspect(`{{(index .NetworkSettings.Networks "${network}").IPAddress}}`);
  // nsenter enters the network namespace only and execs websockify, so killing it kills websockify.
  const websockify: ChildProcess = spawn('nsenter', ['-t', pid, '-n', 'websockify', `127.0.0.1:${WEBSOCKIFY_PORT}`, `--unix-target=${vncSocket}`], {
    stdio: 'ignore',
  });
  await waitForPortInNetns(pid, WEBSOCKIFY_PORT);
  await waitForPortInNetns(pid, NGINX_PORT);
  return {
    url: `wss://${publishOnLoopback ? '127.0.0.1' : address}:${NGINX_PORT}/websockify`,
    nginx,
    websockifyPid: websockify.pid ?? 0,
    stop: () => {
      websockify.kill();
      execFileSync('docker', ['rm', '-f', nginx], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
