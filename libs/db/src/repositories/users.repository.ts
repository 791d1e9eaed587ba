import type { UserProfile, UserRole } from '@atrium/contracts';
import type { Knex } from 'knex';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  disabled: boolean;
  locked: boolean;
  first_name: string;
  last_name: string;
  organization: string;
  phone: string;
  last_login_at: Date | null;
  created_at: Date;
  directory_id: string | null;
  oidc_provider_id: string | null;
  oidc_subject: string | null;
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
  /** Kept apart from `disabled` as Kasm keeps it; either one refuses sign-in. */
  locked: boolean;
  profile: UserProfile;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** The directory that vouches for this person at sign-in (LDAP); null for a local password. */
  directoryId: string | null;
  /** The OpenID Connect provider this person signs in through (linked by its subject); null if none. */
  oidcProviderId: string | null;
}

/** What an administrator (or an integration) may change about a user. */
export interface UserUpdate {
  username?: string;
  passwordHash?: string;
  disabled?: boolean;
  locked?: boolean;
  profile?: Partial<UserProfile>;
}

const PROFILE_COLUMNS = { firstName: 'first_name', lastName: 'last_name', organization: 'organization', phone: 'phone' } as const;

/** The profile fields given, as columns. */
const profileColumns = (profile: Partial<UserProfile> = {}) =>
  Object.fromEntries(
    Object.entries(PROFILE_COLUMNS).flatMap(([field, column]) =>
      profile[field as keyof UserProfile] === undefined ? [] : [[column, profile[field as keyof UserProfile]]],
    ),
  );

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  disabled: row.disabled,
  locked: row.locked,
  profile: { firstName: row.first_name, lastName: row.last_name, organization: row.organization, phone: row.phone },
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
  directoryId: row.directory_id,
  oidcProviderId: row.oidc_provider_id,
});

export class UsersRepository {
  constructor(private readonly knex: Knex) {}

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.knex<UserRow>('users').whereRaw('lower(username) = lower(?)', [username]).first();
    return row && toUser(row);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.knex<UserRow>('users').where({ id }).first();
    return row && toUser(row);
  }

  /** The person an OpenID Connect provider knows by this subject. */
  async findByOidcSubject(providerId: string, subject: string): Promise<UserRecord | undefined> {
    const row = await this.knex<UserRow>('users').where({ oidc_provider_id: providerId, oidc_subject: subject }).first();
    return row && toUser(row);
  }

  async create(user: {
    username: string;
    passwordHash: string;
    role: UserRole;
    profile?: Partial<UserProfile>;
    directoryId?: string;
    oidc?: { providerId: string; subject: string };
  }): Promise<UserRecord> {
    const [row] = await this.knex('users')
      .insert({
        username: user.username,
        password_hash: user.passwordHash,
        role: user.role,
        directory_id: user.directoryId ?? null,
        oidc_provider_id: user.oidc?.providerId ?? null,
        oidc_subject: user.oidc?.subject ?? null,
        ...profileColumns(user.profile),
      })
      .returning('*');
    return toUser(row as UserRow);
  }

  async countByRole(role: UserRole): Promise<number> {
    const row = await this.knex('users').where({ role }).count<{ count: string }[]>({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.knex('users').where({ id }).update({ password_hash: passwordHash, updated_at: this.knex.fn.now() });
  }

  async recordLogin(id: string): Promise<void> {
    await this.knex('users').where({ id }).update({ last_login_at: this.knex.fn.now() });
  }

  async list(): Promise<UserRecord[]> {
    return (await this.knex<UserRow>('users').orderBy('username')).map(toUser);
  }

  /** Changes a user's name, profile or whether they may sign in; undefined when there is no such user. */
  async update(id: string, change: UserUpdate): Promise<UserRecord | undefined> {
    const [row] = await this.knex('users')
      .where({ id })
      .update({
        ...(change.username !== undefined && { username: change.username }),
        ...(change.passwordHash !== undefined && { password_hash: change.passwordHash }),
        ...(change.disabled !== undefined && { disabled: change.disabled }),
        ...(change.locked !== undefined && { locked: change.locked }),
        ...profileColumns(change.profile),
        updated_at: this.knex.fn.now(),
      })
      .returning('*');
    return row && toUser(row as UserRow);
  }

  /** Deletes a user (their memberships, sign-ins and session records go with them). */
  async delete(id: string): Promise<boolean> {
    return (await this.knex('users').where({ id }).delete()) > 0;
  }
}
