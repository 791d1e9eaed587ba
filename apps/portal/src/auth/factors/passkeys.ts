import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api } from '../../api/client';

/** Creates a passkey (or registers a security key) named `name`: the browser asks the person, the server keeps it. */
export async function createPasskey(name: string) {
  const optionsJSON = await api.passkeyRegistrationOptions();
  return api.registerPasskey(name, await startRegistration({ optionsJSON }));
}

/** Signs in with one of the person's passkeys (the second factor a half-signed-in session owes). */
export async function signInWithPasskey() {
  const optionsJSON = await api.passkeySignInOptions();
  return api.verifyPasskey(await startAuthentication({ optionsJSON }));
}
