import type { UserRole } from '@atrium/contracts';
import type { Knex } from 'knex';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  disabled: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

export class UsersRepository {
  constructor(private readonly knex: Knex) {}

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.knex<UserRow>('users').whereRaw('lower(username) = lower(?)', [username]).first();
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.knex<UserRow>('users').where({ id }).first();
  }

  async create(user: { username: string; passwordHash: string; role: UserRole }): Promise<UserRow> {
    const [row] = await this.knex<UserRow>('users')
      .insert({ username: user.username, password_hash: user.passwordHash, role: user.role })
      .returning('*');
    return row as UserRow;
  }

  async countByRole(role: UserRole): Promise<number> {
    const row = await this.knex('users').where({ role }).count<{ count: string }[]>({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async recordLogin(id: string): Promise<void> {
    await this.knex('users').where({ id }).update({ last_login_at: this.knex.fn.now() });
  }
}
