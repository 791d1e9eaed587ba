import type { Knex } from 'knex';

export type FactorKind = 'totp' | 'webauthn';

/** A factor as its owner and administrators see it: never its secret. */
export interface FactorSummary {
  id: string;
  kind: FactorKind;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** An authenticator app's factor, with its sealed seed: for the webapp's checks only. */
export interface TotpFactor {
  id: string;
  userId: string;
  secretSealed: Buffer;
  lastStep: number | null;
}

interface FactorRow {
  id: string;
  user_id: string;
  kind: FactorKind;
  name: string;
  totp_secret_sealed: Buffer | null;
  totp_last_step: string | null;
  created_at: Date;
  last_used_at: Date | null;
}

const toTotp = (row: FactorRow): TotpFactor => ({
  id: row.id,
  userId: row.user_id,
  secretSealed: row.totp_secret_sealed as Buffer,
  lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
});

/** Users' second factors and recovery codes (hashes only). */
export class SecondFactorsRepository {
  constructor(private readonly knex: Knex) {}

  /** The factors a user has proved (enrolment confirmed), oldest first. */
  async confirmed(userId: string): Promise<FactorSummary[]> {
    const rows: FactorRow[] = await this.knex('user_factors').where({ user_id: userId }).whereNotNull('confirmed_at').orderBy('created_at');
    return rows.map((row) => ({ id: row.id, kind: row.kind, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
  }

  /** Starts an authenticator app's enrolment: the user's unconfirmed one (if any) is replaced. */
  async startTotp(userId: string, name: string, secretSealed: Buffer): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('user_factors').where({ user_id: userId, kind: 'totp' }).whereNull('confirmed_at').delete();
      await trx('user_factors').insert({ user_id: userId, kind: 'totp', name, totp_secret_sealed: secretSealed });
    });
  }

  async pendingTotp(userId: string): Promise<TotpFactor | undefined> {
    const row: FactorRow | undefined = await this.knex('user_factors').where({ user_id: userId, kind: 'totp' }).whereNull('confirmed_at').first();
    return row && toTotp(row);
  }

  async confirmedTotps(userId: string): Promise<TotpFactor[]> {
    const rows: FactorRow[] = await this.knex('user_factors').where({ user_id: userId, kind: 'totp' }).whereNotNull('confirmed_at');
    return rows.map(toTotp);
  }

  /**
   * Records that a factor's code of time step `step` was used, only if no code of that step or a later one was:
   * one conditional update, so two replicas given the same code cannot both accept it. Confirms a pending factor.
   */
  async claimTotpStep(factorId: string, step: number): Promise<boolean> {
    const claimed = await this.knex('user_factors')
      .where({ id: factorId })
      .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
      .update({
        totp_last_step: step,
        last_used_at: this.knex.fn.now(),
        confirmed_at: this.knex.raw('coalesce(confirmed_at, now())'),
      });
    return claimed === 1;
  }

  async rename(factorId: string, name: string): Promise<void> {
    await this.knex('user_factors').where({ id: factorId }).update({ name });
  }

  /** Removes one of a user's factors; false when the user has no such factor. */
  async remove(userId: string, factorId: string): Promise<boolean> {
    return (await this.knex('user_factors').where({ user_id: userId, id: factorId }).delete()) === 1;
  }

  /** Removes every factor and recovery code of a user (an administrator's reset); the number of factors removed. */
  async removeAll(userId: string): Promise<number> {
    let removed = 0;
    await this.knex.transaction(async (trx) => {
      await trx('recovery_codes').where({ user_id: userId }).delete();
      removed = await trx('user_factors').where({ user_id: userId }).delete();
    });
    return removed;
  }

  async replaceRecoveryCodes(userId: string, codeHashes: string[]): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('recovery_codes').where({ user_id: userId }).delete();
      await trx('recovery_codes').insert(codeHashes.map((code_hash) => ({ code_hash, user_id: userId })));
    });
  }

  /** Uses a recovery code once: true only the first time, for its own user. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    return (
      (await this.knex('recovery_codes').where({ user_id: userId, code_hash: codeHash }).whereNull('used_at').update({ used_at: this.knex.fn.now() })) === 1
    );
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const row = await this.knex('recovery_codes').where({ user_id: userId }).whereNull('used_at').count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  /** A user's passkeys with what a sign-in needs to check them. */
  async passkeys(userId: string): Promise<Passkey[]> {
    const rows: PasskeyRow[] = await this.knex('user_factors').where({ user_id: userId, kind: 'webauthn' }).whereNotNull('confirmed_at');
    return rows.map(toPasskey);
  }

  async addPasskey(userId: string, passkey: Omit<Passkey, 'id' | 'userId'>): Promise<string> {
    const [row] = await this.knex('user_factors')
      .insert({
        user_id: userId,
        kind: 'webauthn',
        name: passkey.name,
        credential_id: passkey.credentialId,
        public_key: passkey.publicKey,
        sign_count: passkey.signCount,
        transports: passkey.transports,
        confirmed_at: this.knex.fn.now(),
      })
      .returning('id');
    return (row as { id: string }).id;
  }

  /**
   * Records a passkey's use with its new signature counter, only if the counter is still the one the check read
   * (the check refuses a counter that did not move on, except an authenticator that keeps none: 0 both times), so
   * two sign-ins with one assertion cannot both pass.
   */
  async usePasskey(factorId: string, previousCount: number, newCount: number): Promise<boolean> {
    const used = await this.knex('user_factors')
      .where({ id: factorId, sign_count: previousCount })
      .update({ sign_count: newCount, last_used_at: this.knex.fn.now() });
    return used === 1;
  }

  /** Keeps the challenge a browser session is answering, replacing any earlier one of that session. */
  async setChallenge(authSessionId: string, purpose: ChallengePurpose, challenge: string, ttlSeconds: number): Promise<void> {
    await this.knex('webauthn_challenges')
      .insert({ auth_session_id: authSessionId, purpose, challenge, expires_at: this.knex.raw(`now() + make_interval(secs => ?)`, [ttlSeconds]) })
      .onConflict('auth_session_id')
      .merge();
  }

  /** Takes the session's live challenge for `purpose` (used once: it is removed whether or not it is live). */
  async takeChallenge(authSessionId: string, purpose: ChallengePurpose): Promise<string | undefined> {
    const [row] = await this.knex('webauthn_challenges').where({ auth_session_id: authSessionId }).delete().returning(['purpose', 'challenge', 'expires_at']);
    const taken = row as { purpose: string; challenge: string; expires_at: Date } | undefined;
    return taken && taken.purpose === purpose && taken.expires_at > new Date() ? taken.challenge : undefined;
  }
}

export type ChallengePurpose = 'register' | 'authenticate';

/** A passkey (WebAuthn credential): its id and public key as the browser registered them. */
export interface Passkey {
  id: string;
  userId: string;
  name: string;
  /** base64url, as WebAuthn names credentials. */
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
}

interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  credential_id: string;
  public_key: Buffer;
  sign_count: string;
  transports: string[] | null;
}

const toPasskey = (row: PasskeyRow): Passkey => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  credentialId: row.credential_id,
  publicKey: row.public_key,
  signCount: Number(row.sign_count),
  transports: row.transports ?? [],
});
