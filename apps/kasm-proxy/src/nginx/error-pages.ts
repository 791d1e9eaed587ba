import { securityHeaders } from './response-headers';

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  /** Seconds a client should wait before trying again. */
  retryAfter?: number;
}

/**
 * What nginx answers by itself, in the project's error envelope (never its HTML pages): malformed requests,
 * bodies, URIs or headers over their limits, rate limits, refused stream authorisations (auth_request), and a
 * control plane that does not answer. Upstream answers pass through untouched (proxy_intercept_errors is off).
 */
const ANSWERS: ErrorAnswer[] = [
  { status: 400, code: 'bad_request', message: 'The request is malformed.' },
  { status: 401, code: 'unauthorized', message: 'Sign in first.' },
  { status: 403, code: 'forbidden', message: 'This stream is not yours to open, or it is not running.' },
  { status: 404, code: 'not_found', message: 'Nothing is here.' },
  { status: 405, code: 'method_not_allowed', message: 'This method is not allowed here.' },
  { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' },
  { status: 411, code: 'length_required', message: 'The request needs a Content-Length.' },
  { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  { status: 414, code: 'uri_too_long', message: 'The request URI is too long.' },
  { status: 429, code: 'too_many_requests', message: 'Too many requests from your address; slow down.', retryAfter: 1 },
  { status: 494, code: 'headers_too_large', message: 'The request headers are too large.' },
  { status: 500, code: 'internal_error', message: 'Something went wrong on our side.' },
  { status: 502, code: 'control_plane_unavailable', message: 'The control plane is not answering; try again in a few seconds.', retryAfter: 5 },
  { status: 504, code: 'control_plane_unavailable', message: 'The control plane is not answering; try again in a few seconds.', retryAfter: 5 },
];

/** nginx reports "headers too large" as 494 internally and 400 to the client. */
const clientStatus = (status: number) => (status === 494 ? 400 : status === 502 || status === 504 ? 503 : status);

/**
 * `error_page` directives for a server or location (a location with its own error_page inherits none). They
 * name internal URIs, not named locations: nginx cannot hand an unparsable request line (414) to a named one.
 */
export const errorPageDirectives = (except: number[] = []) =>
  ANSWERS.filter(({ status }) => !except.includes(status))
    .map(({ status }) => `error_page ${status} = /_atrium/error/${status};`)
    .join('\n');

/**
 * A refused file request or sound stream: the webapp's auth_request answer names the reason (code and sentence,
 * both its own constants) in headers, which nginx would otherwise drop, so a client can tell which rule refused.
 */
export const refusalVariables = () => `auth_request_set $refusal_code $upstream_http_x_atrium_refusal_code;
auth_request_set $refusal_message $upstream_http_x_atrium_refusal_message;
${errorPageDirectives([403])}
error_page 403 = /_atrium/refused;`;

export const refusedLocation = () => `location = /_atrium/refused {
  internal;
  default_type application/json;
${securityHeaders([])
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
  return 403 '{"code":"$refusal_code","message":"$refusal_message"}';
}`;

/** The internal locations that write each answer. */
export const errorLocations = () =>
  ANSWERS.map(({ status, code, message, retryAfter }) => {
    const extra = retryAfter === undefined ? [] : [`add_header Retry-After ${retryAfter} always;`];
    const body = JSON.stringify({ code, message });
    return `location = /_atrium/error/${status} {
  internal;
  default_type application/json;
${securityHeaders(extra)
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
  return ${clientStatus(status)} '${body}';
}`;
  }).join('\n\n');
