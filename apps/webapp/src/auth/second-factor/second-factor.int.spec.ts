import { readFileSync } from 'node:fs';
import type { EnrolmentConfirmed, FactorView, GroupView, LoginAnswer, TotpEnrolment, UserView } from '@atrium/contracts';
import { apiCall, bodyOf, refusalOf, signIn, startTestApp, type TestApp } from '../../testing/test-app';
import { MAX_FACTORS } from './passkeys.use-case';
import { codeAt } from './totp';

let app: TestApp;
let admin: string;
let tess: UserView;
let groupId: string;
const PASSWORD = 'tess-long-password-8265';

const login = (username: string, password: string) =>
  fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;

/** Tess signs in with her password: her cookie, and what she still owes. */
async function passwordStep(): Promise<{ cookie: string; answer: LoginAnswer }> {
  const response = await login('tess', PASSWORD);
  expect(response.status).toBe(200);
  return { cookie: cookieOf(response), answer: await bodyOf<LoginAnswer>(response) };
}

beforeAll(async () => {
  // A small per-account limit, so that the throttle's refusal of codes shows within a few attempts.
  app = await startTestApp({ LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: '6' });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  tess = await bodyOf<UserView>(await apiCall(app, '/api/users', admin, 'POST', { username: 'tess', password: PASSWORD }));
  groupId = (await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'second-factor-required' }))).id;
  await apiCall(app, `/api/groups/${groupId}/settings`, admin, 'PUT', { require_2fa: true });
  await apiCall(app, `/api/users/${tess.id}/groups`, admin, 'PUT', { groupIds: [groupId] });
});
afterAll(() => app.close());

describe('two-factor sign-in with an authenticator app', () => {
  let secret = '';
  let recoveryCodes: string[] = [];
  /** The code a later test gives again: a replay, whichever step the clock is in by then. */
  let usedCode = '';

  it('makes a user whose group requires it enrol before anything else opens', async () => {
    const { cookie, answer } = await passwordStep();
    expect(answer.secondFactor).toEqual({ stage: 'enrol', methods: ['totp', 'webauthn'] });
    for (const path of ['/api/auth/me', '/api/sessions', '/api/workspaces', '/api/me/policy']) {
      expect(await refusalOf(apiCall(app, path, cookie))).toEqual([401, 'second_factor_required']);
    }
    expect(await refusalOf(apiCall(app, '/api/auth/second-factor/totp', cookie, 'POST', { code: '123456' }))).toEqual([409, 'enrolment_required']);

    const enrolment = await bodyOf<TotpEnrolment>(await apiCall(app, '/api/auth/totp/enrolment', cookie, 'POST'));
    secret = enrolment.secret;
    expect(enrolment.uri).toContain(`secret=${secret}`);
    const wrong = String((Number(codeAt(secret, Date.now())) + 1) % 1_000_000).padStart(6, '0');
    expect(await refusalOf(apiCall(app, '/api/auth/totp/enrolment/confirm', cookie, 'POST', { code: wrong }))).toEqual([401, 'invalid_code']);
    expect(await refusalOf(apiCall(app, '/api/sessions', cookie))).toEqual([401, 'second_factor_required']);

    const confirmed = await apiCall(app, '/api/auth/totp/enrolment/confirm', cookie, 'POST', { code: codeAt(secret, Date.now()), name: 'Pixel' });
    expect(confirmed.status).toBe(200);
    recoveryCodes = (await bodyOf<EnrolmentConfirmed>(confirmed)).recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect((await apiCall(app, '/api/sessions', cookie)).status).toBe(200);
  });

  it('keeps the seed sealed at rest and out of every later answer', async () => {
    const rows: { totp_secret_sealed: Buffer }[] = await app.ctx.knex('user_factors').where({ user_id: tess.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.totp_secret_sealed.toString('latin1')).not.toContain(secret);
    const cookie = (await passwordStep()).cookie;
    usedCode = codeAt(secret, Date.now() + 30_000);
    expect((await apiCall(app, '/api/auth/second-factor/totp', cookie, 'POST', { code: usedCode })).status).toBe(200);
    const factors = await apiCall(app, '/api/auth/factors', cookie);
    const text = await factors.text();
    expect(JSON.parse(text)).toEqual([expect.objectContaining({ kind: 'totp', name: 'Pixel' })]);
    expect(text).not.toContain(secret);
    const users = await (await apiCall(app, '/api/users', admin)).text();
    const audit = await (await apiCall(app, '/api/audit?limit=200', admin)).text();
    for (const answer of [users, audit]) {
      expect(answer).not.toContain(secret);
      for (const code of recoveryCodes) expect(answer).not.toContain(code);
    }
  });

  it('asks for a code at each sign-in, and refuses a code used before (replay) by its own code', async () => {
    const first = await passwordStep();
    expect(first.answer.secondFactor).toEqual({ stage: 'verify', methods: ['totp', 'recovery'] });
    // The same code again, in another session: a replay.
    expect(await refusalOf(apiCall(app, '/api/auth/second-factor/totp', first.cookie, 'POST', { code: usedCode }))).toEqual([401, 'code_already_used']);
    expect(await refusalOf(apiCall(app, '/api/sessions', first.cookie))).toEqual([401, 'second_factor_required']);
  });

  it('lets a recovery code in once, and never again', async () => {
    const [code] = recoveryCodes as [string];
    const first = await passwordStep();
    expect((await apiCall(app, '/api/auth/second-factor/recovery', first.cookie, 'POST', { code: code.toUpperCase() })).status).toBe(200);
    expect((await apiCall(app, '/api/sessions', first.cookie)).status).toBe(200);
    const second = await passwordStep();
    expect(await refusalOf(apiCall(app, '/api/auth/second-factor/recovery', second.cookie, 'POST', { code }))).toEqual([401, 'invalid_recovery_code']);
  });

  it('refuses a passkey answer that no challenge of this session asked for, and options for a user without a passkey, by code', async () => {
    const { cookie } = await passwordStep();
    expect(await refusalOf(apiCall(app, '/api/auth/second-factor/webauthn/options', cookie, 'POST'))).toEqual([409, 'no_passkey']);
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } };
    expect(await refusalOf(apiCall(app, '/api/auth/second-factor/webauthn', cookie, 'POST', { response: forged }))).toEqual([401, 'passkey_refused']);
    expect(await refusalOf(apiCall(app, '/api/sessions', cookie))).toEqual([401, 'second_factor_required']);
  });

  it('counts wrong codes as failed sign-ins: the throttle refuses by code once the limit is reached', async () => {
    const { cookie } = await passwordStep();
    const wrong = String((Number(codeAt(secret, Date.now())) + 500_000) % 1_000_000).padStart(6, '0');
    const refusals: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 8; attempt++)
      refusals.push((await refusalOf(apiCall(app, '/api/auth/second-factor/totp', cookie, 'POST', { code: wrong })))[1]);
    expect(refusals[0]).toBe('invalid_code');
    expect(refusals.at(-1)).toBe('too_many_attempts');
    await app.ctx.knex('login_failures').delete();
  });

  it('refuses to remove the last factor a required policy needs, by its code', async () => {
    const { cookie } = await passwordStep();
    await apiCall(app, '/api/auth/second-factor/recovery', cookie, 'POST', { code: recoveryCodes[1] });
    const [factor] = await bodyOf<FactorView[]>(await apiCall(app, '/api/auth/factors', cookie));
    expect(await refusalOf(apiCall(app, `/api/auth/factors/${factor?.id}`, cookie, 'DELETE'))).toEqual([409, 'factor_required']);
  });

  it('bounds the factors one user keeps: at the limit, a new passkey is refused by code before any challenge', async () => {
    const { cookie } = await passwordStep();
    await apiCall(app, '/api/auth/second-factor/recovery', cookie, 'POST', { code: recoveryCodes[2] });
    const rows = Array.from({ length: MAX_FACTORS }, (_, index) => ({
      user_id: tess.id,
      kind: 'webauthn',
      name: `key ${index}`,
      credential_id: `bound-test-${index}`,
      public_key: Buffer.from('00', 'hex'),
      sign_count: 0,
      confirmed_at: new Date(),
    }));
    await app.ctx.knex('user_factors').insert(rows);
    expect(await refusalOf(apiCall(app, '/api/auth/webauthn/registration/options', cookie, 'POST'))).toEqual([409, 'too_many_factors']);
    expect(await app.ctx.knex('webauthn_challenges')).toHaveLength(0);
    await app.ctx.knex('user_factors').where('credential_id', 'like', 'bound-test-%').delete();
  });

  it("lets only an administrator reset a user's factors (audited), after which the user enrols again", async () => {
    const other = await bodyOf<UserView>(await apiCall(app, '/api/users', admin, 'POST', { username: 'otto', password: 'otto-long-password-3391' }));
    const otto = await signIn(app, 'otto', 'otto-long-password-3391');
    expect(await refusalOf(apiCall(app, `/api/users/${tess.id}/factors`, otto, 'DELETE'))).toEqual([403, 'admin_only']);
    expect(await bodyOf(await apiCall(app, `/api/users/${tess.id}/factors`, admin, 'DELETE'))).toEqual({ removed: 1 });
    expect((await passwordStep()).answer.secondFactor?.stage).toBe('enrol');
    const audit = await app.ctx.knex('audit_log').where({ action: 'auth.factors_reset', target_id: tess.id });
    expect(audit).toHaveLength(1);
    await apiCall(app, `/api/users/${other.id}`, admin, 'DELETE');
  });

  it('leaves a user without a factor or a requirement to sign in with the password alone', async () => {
    await apiCall(app, `/api/users/${tess.id}/groups`, admin, 'PUT', { groupIds: [] });
    const { cookie, answer } = await passwordStep();
    expect(answer.secondFactor).toBeUndefined();
    expect((await apiCall(app, '/api/sessions', cookie)).status).toBe(200);
  });
});
