import {
  agentDesktopAudioPath,
  agentDesktopStreamPath,
  desktopAudioPath,
  filesPath,
  INTERNAL_PATHS,
  desktopStreamPath,
  REMOTE_STREAM_PREFIX,
  SESSION_ID_PATTERN,
} from '@atrium/contracts';
import { errorLocations, errorPageDirectives, refusalVariables, refusedLocation } from './nginx/error-pages';
import { indent } from './nginx/indent';
import { pageHeaders, securityHeaders } from './nginx/response-headers';
import type { ProxySettings } from './proxy-settings';

type Settings = Omit<ProxySettings, 'NGINX_CONF_PATH'>;

const publicOrigin = (s: Settings) => `https://${s.PUBLIC_HOSTNAME}${s.PUBLIC_HTTPS_PORT === 443 ? '' : `:${s.PUBLIC_HTTPS_PORT}`}`;

/** Headers every proxied API call carries, so the webapp sees the client's address and scheme. */
const proxyHeaders = `proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header Connection "";
      proxy_connect_timeout 3s;`;

/** An internal location for auth_request: asks the webapp's internal listener about the original URI. */
const authorizationSubrequest = (
  route: 'desktopAuthorization' | 'remoteAuthorization' | 'filesAuthorization',
  extra = '',
) => `    location = /_atrium/${route} {
      internal;${extra}
      proxy_method GET;
      proxy_set_header X-Original-Method $request_method;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $host;
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header Upgrade "";
      proxy_set_header Connection "";
      proxy_connect_timeout 3s;
      proxy_pass http://$webapp_internal_upstream${INTERNAL_PATHS[route]};
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

/** The API, proxied to the webapp's public listener; `rateLimit` adds a per-address request limit. */
const apiLocation = (path: string, rateLimit = '') => `location ${path} {
  client_max_body_size 1m;${rateLimit}
  ${proxyHeaders.replaceAll('\n      ', '\n  ')}
  proxy_read_timeout 60s;
  proxy_pass http://$webapp_upstream;
${indent(errorPageDirectives(), 2)}
}`;

/**
 * A WebSocket stream location's proxying, after its authorisation. nginx relays an upgraded connection through
 * one `proxy_buffer_size` buffer per direction: the default page-sized one cut a desktop stream into 4 KiB reads,
 * writes and TLS records (64 KiB took the relay from about 100 to 140-170 MB/s in bench:desktop).
 */
const streamProxy = (s: Settings) => `limit_req zone=atrium_streams burst=${s.LIMIT_STREAM_BURST} nodelay;
proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
proxy_set_header Host $host;
proxy_connect_timeout 3s;
proxy_read_timeout 1h;
proxy_send_timeout 1h;
proxy_buffering off;
proxy_buffer_size 64k;
proxy_buffers 4 64k;`;

/** A static page of the UI, with the page headers (each such location needs the full set, see response-headers). */
const pageLocation = (s: Settings, match: string, tryFiles: string, extra = '') => `location ${match} {
  root ${s.STATIC_ROOT};${extra}
${indent(pageHeaders(publicOrigin(s)), 2)}
  try_files ${tryFiles};
}`;

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

${indent(securityHeaders(), 4)}
${indent(errorPageDirectives(), 4)}

    set $webapp_upstream ${s.WEBAPP_UPSTREAM};
    set $webapp_internal_upstream ${s.WEBAPP_INTERNAL_UPSTREAM};
    set $connection_proxy_upstream ${s.CONNECTION_PROXY_UPSTREAM};

    location = /health {
      access_log off;
      default_type text/plain;
      return 200 "ok\\n";
    }

    # Control plane API (the webapp's public listener only). Sign-in has its own per-address rate limit.
${indent(apiLocation('/api/'), 4)}
${indent(apiLocation('/api/auth/', `\n  limit_req zone=atrium_auth burst=${s.LIMIT_AUTH_BURST} nodelay;`), 4)}

    # The control plane's internal routes are on another listener that no public location reaches; this
    # answer is only defence in depth (any case, with or without /api; the portal would otherwise answer).
    location ~* "^/(api/)?internal(/|$)" { return 404; }

    # Desktop streams: the webapp authorises each WebSocket (cookie, ownership, state) and names the agent
    # and a seconds-lived connect token; the token goes to the agent, never back to the browser.
    location ~ "^${desktopStreamPath(`(?<desktop_session>${SESSION_ID_PATTERN})`)}$" {
      auth_request /_atrium/desktopAuthorization;
      auth_request_set $desktop_agent $upstream_http_x_atrium_agent_upstream;
      auth_request_set $desktop_token $upstream_http_x_atrium_connect_token;
${indent(streamProxy(s), 6)}
      proxy_set_header X-Atrium-Connect-Token $desktop_token;
      proxy_pass http://$desktop_agent${agentDesktopStreamPath('$desktop_session')};
    }

${authorizationSubrequest('desktopAuthorization')}

    # A container session's sound, authorised like its desktop (the webapp refuses a viewer its policy keeps silent,
    # with a code the client can read).
    location ~ "^${desktopAudioPath(`(?<audio_session>${SESSION_ID_PATTERN})`)}$" {
      auth_request /_atrium/desktopAuthorization;
      auth_request_set $audio_agent $upstream_http_x_atrium_agent_upstream;
      auth_request_set $audio_token $upstream_http_x_atrium_connect_token;
${indent(refusalVariables(), 6)}
${indent(streamProxy(s), 6)}
      proxy_set_header X-Atrium-Connect-Token $audio_token;
      proxy_pass http://$audio_agent${agentDesktopAudioPath('$audio_session')};
    }

    # Files in and out of a container session (the owner's, in the directions their policy allows): streamed both
    # ways without nginx buffering or spooling a byte, to the agent, which checks the token and the limits again.
    location ~ "^${filesPath(`${SESSION_ID_PATTERN}`)}/(downloads|uploads)(/[^/]+)?$" {
      limit_except GET PUT { deny all; }
      auth_request /_atrium/filesAuthorization;
      auth_request_set $files_agent $upstream_http_x_atrium_agent_upstream;
      auth_request_set $files_token $upstream_http_x_atrium_connect_token;
${indent(refusalVariables(), 6)}
      client_max_body_size ${s.FILES_MAX_BODY_MB}m;
      client_body_timeout 60s;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_max_temp_file_size 0;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Connection "";
      proxy_set_header X-Atrium-Connect-Token $files_token;
      proxy_connect_timeout 3s;
      proxy_read_timeout 10m;
      proxy_send_timeout 10m;
      proxy_pass http://$files_agent/v1$request_uri;
    }

${authorizationSubrequest(
  'filesAuthorization',
  // nginx checks the original request's length against the subrequest's location too (its body is not sent).
  `\n      client_max_body_size ${s.FILES_MAX_BODY_MB}m;`,
)}

    # Remote systems: the webapp checks the cookie and that the token's session is the caller's and running;
    # the connection proxy then checks the token itself (authentic, unexpired) before guacamole-lite sees it.
    location ${REMOTE_STREAM_PREFIX} {
      auth_request /_atrium/remoteAuthorization;
${indent(streamProxy(s), 6)}
      proxy_pass http://$connection_proxy_upstream;
    }

${authorizationSubrequest('remoteAuthorization')}

    # The portal (apps/portal): hashed assets are cached for good; every other path is the single-page app,
    # which routes in the browser (the viewer's /desktop/<id>/ and /remote/<id>/ included).
${indent(pageLocation(s, '/assets/', '$uri =404', '\n  add_header Cache-Control "public, max-age=31536000, immutable" always;'), 4)}
${indent(pageLocation(s, '/', '$uri /index.html', '\n  index index.html;\n  add_header Cache-Control "no-cache" always;'), 4)}

    # nginx's own refusals, in the error envelope.
${indent(errorLocations(), 4)}

${indent(refusedLocation(), 4)}
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

  # Per-address request rates: sign-in, and opening streams (docs/security.md).
  limit_req_zone $binary_remote_addr zone=atrium_auth:10m rate=${s.LIMIT_AUTH_RATE};
  limit_req_zone $binary_remote_addr zone=atrium_streams:10m rate=${s.LIMIT_STREAM_RATE};
  limit_req_status 429;

  resolver ${s.DNS_RESOLVER} valid=5s ipv6=off;
  resolver_timeout 3s;

${httpServer(s)}

${httpsServer(s)}
}
`;
}
