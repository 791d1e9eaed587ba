import type { UserRole } from '@atrium/contracts';
import type { Knex } from 'knex';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  disabled: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  disabled: row.disabled,
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
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

  async create(user: { username: string; passwordHash: string; role: UserRole }): Promise<UserRecord> {
    const [row] = await this.knex<UserRow>('users').insert({ username: user.username, password_hash: user.passwordHash, role: user.role }).returning('*');
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
}
