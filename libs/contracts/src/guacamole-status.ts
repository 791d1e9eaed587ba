/**
 * Guacamole protocol status codes (guacd's `error` instruction) as sentences a user can act on. guacd's own
 * messages are for developers ("Security negotiation failed (wrong security type?)"); the connection proxy
 * puts these in their place, and the code stays.
 */
const SENTENCES: Record<number, string> = {
  0x0100: 'This remote system does not support what was asked.',
  0x0200: 'The connection failed on the server side; try again.',
  0x0201: 'The connection service is busy; try again in a moment.',
  0x0202: 'The remote system did not answer in time.',
  0x0203: 'The remote system refused or broke off the connection (it may require another security mode).',
  0x0204: 'This remote system or resource does not exist.',
  0x0205: 'The remote system is in use by someone else.',
  0x0206: 'The remote system closed the session.',
  // guacd 1.3 answers any failed RDP connection with this code, a refused NLA sign-in included.
  0x0207: 'The remote system could not be reached or refused the connection: check its address, the credentials and the security mode.',
  0x0208: 'The remote system is not available right now.',
  0x0209: 'The session was taken over by another connection.',
  0x020a: 'The session ended after being idle.',
  0x020b: 'The session was closed.',
  0x0300: 'The connection request was not valid.',
  // guacd 1.3 also uses it when the RDP security negotiation fails.
  0x0301: 'The remote system refused the sign-in: check the username and password, and the security mode.',
  0x0303: 'You are not allowed to open this remote system.',
  // guacd 1.3 also ends a connection the remote system closed abruptly with this code.
  0x0308: 'The connection was lost: the remote system or the browser stopped answering.',
  0x030d: 'The browser sent too much at once.',
  0x030f: 'The browser sent data of a type the remote system does not accept.',
  0x031d: 'Too many connections are open for this browser.',
};

/** A sentence for a guacd status code; codes not in the table get a generic one that names the code. */
export function guacamoleStatusSentence(status: number): string {
  return SENTENCES[status] ?? `The remote connection ended (status ${status}).`;
}
