import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s steps. */
const PERIOD_SECONDS = 30;
/** One step either side of now: a clock a little off, or a code typed as it changes. */
const WINDOW_STEPS = 1;
const ISSUER = 'Atrium';

const totpOf = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** A new seed: 160 random bits (RFC 4226's recommended length), in base32 as apps take it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/**
 * The time step whose code `code` is, within the window around `nowMs`; undefined when it is none of them. The
 * caller refuses a step already used (replay).
 */
export function matchingStep(secret: string, code: string, nowMs = Date.now()): number | undefined {
  const delta = totpOf(secret).validate({ token: code, timestamp: nowMs, window: WINDOW_STEPS });
  return delta === null ? undefined : Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta;
}

/** The code of `nowMs`'s step (tests, and nothing else, compute codes this way). */
export const codeAt = (secret: string, nowMs: number): string => totpOf(secret).generate({ timestamp: nowMs });

/** What a person's app needs: the otpauth URI (as a QR code, and the seed as text to type). */
export async function enrolmentOf(secret: string, username: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const uri = totpOf(secret, username).toString();
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) };
}
