import { agentDesktopStreamPath, desktopStreamPath, desktopViewerPath, REMOTE_STREAM_PREFIX, remoteViewerPath, SESSION_ID_PATTERN } from '@atrium/contracts';
import type { ProxySettings } from './proxy-settings';

type Settings = Omit<ProxySettings, 'NGINX_CONF_PATH'>;

const publicOrigin = (s: Settings) => `https://${s.PUBLIC_HOSTNAME}${s.PUBLIC_HTTPS_PORT === 443 ? '' : `:${s.PUBLIC_HTTPS_PORT}`}`;

/** Headers every proxied API call carries, so the webapp sees the client's address and scheme. */
const proxyHeaders = `proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header Connection "";
      proxy_connect_timeout 3s;`;

const securityHeaders = `add_header Strict-Transport-Security "max-age=31536000" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy no-referrer always;`;

/** Pages may talk only to this origin, over HTTPS and WSS, and may not be framed. */
const contentSecurityPolicy = (s: Settings) =>
  `add_header Content-Security-Policy "default-src 'self'; connect-src 'self' wss://${s.PUBLIC_HOSTNAME}${s.PUBLIC_HTTPS_PORT === 443 ? '' : `:${s.PUBLIC_HTTPS_PORT}`}; img-src 'self' data: blob:; style-src 'self'; frame-ancestors 'none'" always;`;

/** An internal location for auth_request: asks the webapp's `/api/internal/<route>` about the original URI. */
const authorizationSubrequest = (route: string) => `    location = /_atrium/${route} {
      internal;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $host;
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Upgrade "";
      proxy_set_header Connection "";
      proxy_connect_timeout 3s;
      proxy_pass http://$webapp_upstream/api/internal/${route};
    }`;

function httpServer(s: Settings): string {
  return `  # Plain HTTP only redirects, to the configured name (never to a Host header an attacker chose).
  server {
    listen ${s.HTTP_LISTEN_PORT} default_server;
    server_name _;
    location = /health { access_log off; return 200 "ok\\n"; }
    location / { return 301 ${publicOrigin(s)}$request_uri; }
  }`;
}

function httpsServer(s: Settings): string {
  return `  server {
    listen ${s.HTTPS_LISTEN_PORT} ssl http2 default_server;
    server_name ${s.PUBLIC_HOSTNAME};

    ssl_certificate ${s.TLS_CERT_PATH};
    ssl_certificate_key ${s.TLS_KEY_PATH};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:atrium_tls:10m;
    ssl_session_timeout 1h;
    ssl_session_tickets off;

    ${securityHeaders}

    set $webapp_upstream ${s.WEBAPP_UPSTREAM};
    set $agent_upstream ${s.AGENT_UPSTREAM};
    set $connection_proxy_upstream ${s.CONNECTION_PROXY_UPSTREAM};

    location = /health { access_log off; add_header Content-Type text/plain; return 200 "ok\\n"; }

    # Control plane API. When the webapp cannot be reached, answer in the project's error envelope.
    location /api/ {
      client_max_body_size 1m;
      ${proxyHeaders}
      proxy_read_timeout 60s;
      proxy_pass http://$webapp_upstream;
      error_page 502 504 = @control_plane_unavailable;
    }

    # Internal routes of the control plane are for this proxy's subrequests only.
    location /api/internal/ { return 404; }

    # Desktop streams: the webapp authorises each WebSocket (cookie, ownership, state) and names the agent
    # and a seconds-lived connect token; the token goes to the agent, never back to the browser.
    location ~ "^${desktopStreamPath(`(?<desktop_session>${SESSION_ID_PATTERN})`)}$" {
      auth_request /_atrium/desktop-authorization;
      auth_request_set $desktop_agent $upstream_http_x_atrium_agent_upstream;
      auth_request_set $desktop_token $upstream_http_x_atrium_connect_token;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_set_header X-Atrium-Connect-Token $desktop_token;
      proxy_connect_timeout 3s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
      proxy_pass http://$desktop_agent${agentDesktopStreamPath('$desktop_session')};
    }

${authorizationSubrequest('desktop-authorization')}

    # Remote systems: the webapp checks the cookie and that the token's session is the caller's and running;
    # the connection proxy then checks the token itself (authentic, unexpired) before guacamole-lite sees it.
    location ${REMOTE_STREAM_PREFIX} {
      auth_request /_atrium/remote-authorization;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_connect_timeout 3s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
      proxy_pass http://$connection_proxy_upstream;
    }

${authorizationSubrequest('remote-authorization')}

    # The viewer page (one for both kinds; its script picks noVNC or guacamole-common-js from the path).
    location ~ "^${remoteViewerPath(SESSION_ID_PATTERN)}$" {
      root ${s.STATIC_ROOT};
      ${contentSecurityPolicy(s)}
      try_files /viewer.html =404;
    }

    location ~ "^${desktopViewerPath(SESSION_ID_PATTERN)}$" {
      root ${s.STATIC_ROOT};
      ${contentSecurityPolicy(s)}
      try_files /viewer.html =404;
    }

    location @control_plane_unavailable {
      default_type application/json;
      add_header Retry-After 5 always;
      return 503 '{"code":"control_plane_unavailable","message":"The control plane is not answering; try again in a few seconds."}';
    }

    # Browser UI: static files only.
    location / {
      root ${s.STATIC_ROOT};
      index index.html;
      ${contentSecurityPolicy(s)}
      ${securityHeaders.replaceAll('\n    ', '\n      ')}
      try_files $uri $uri/ =404;
    }
  }`;
}

/** Renders the whole nginx.conf of the front door; pure, so it is golden-file tested. */
export function renderNginxConf(s: Settings): string {
  return `# Generated by apps/kasm-proxy from its settings; do not edit by hand.
worker_processes auto;
pid ${s.RUN_DIR}/nginx.pid;
error_log stderr warn;

events {
  worker_connections 4096;
}

http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  server_tokens off;
  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 65s;

  client_body_temp_path ${s.RUN_DIR}/client_body;
  proxy_temp_path ${s.RUN_DIR}/proxy;
  fastcgi_temp_path ${s.RUN_DIR}/fastcgi;
  uwsgi_temp_path ${s.RUN_DIR}/uwsgi;
  scgi_temp_path ${s.RUN_DIR}/scgi;

  log_format atrium_json escape=json '{"service":"kasm_proxy","time":"$time_iso8601","remote":"$remote_addr",'
    '"method":"$request_method","uri":"$uri","status":$status,"bytes":$body_bytes_sent,'
    '"duration":$request_time,"upstream":"$upstream_addr","user_agent":"$http_user_agent"}';
  access_log ${s.ACCESS_LOG_PATH} atrium_json;

  resolver ${s.DNS_RESOLVER} valid=5s ipv6=off;
  resolver_timeout 3s;

${httpServer(s)}

${httpsServer(s)}
}
`;
}
