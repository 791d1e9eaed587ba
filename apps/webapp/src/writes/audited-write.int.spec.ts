import { createServerSchema } from '@atrium/contracts';
import { transaction, UniqueViolationError } from '@atrium/db';
import { userActor, type Actor } from '../auth/auth-context';
import { createGroup } from '../groups/create-group.use-case';
import { setGroupMembers } from '../groups/set-group-members.use-case';
import { createServer } from '../servers/create-server.use-case';
import { startTestApp, type TestApp } from '../testing/test-app';
import { createUser } from '../users/create-user.use-case';

let app: TestApp;
let admin: Actor;

/** Makes PostgreSQL refuse audit entries of one action, as a full disk or a broken audit table would. */
async function failAuditOf(action: string): Promise<void> {
  await app.ctx.knex.raw(`
    create or replace function refuse_audit() returns trigger language plpgsql as $$
    begin
      if new.action = '${action}' then raise exception 'audit refused for this test'; end if;
      return new;
    end $$;
    drop trigger if exists refuse_audit on audit_log;
    create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`);
}

beforeAll(async () => {
  app = await startTestApp();
  const user = await app.ctx.knex('users').where({ username: 'admin' }).first();
  admin = userActor(user.id);
});

afterEach(() => app.ctx.knex.raw('drop trigger if exists refuse_audit on audit_log'));
afterAll(() => app.close());

describe('an administrative write whose audit entry fails', () => {
  it('should leave no group behind', async () => {
    await failAuditOf('group.create');
    await expect(createGroup(app.ctx, admin, { name: 'unaudited', description: '', priority: 100 })).rejects.toThrow('audit refused');
    expect(await app.ctx.knex('groups').where({ name: 'unaudited' })).toEqual([]);
  });

  it('should leave no server and no grant behind', async () => {
    const group = await createGroup(app.ctx, admin, { name: 'engineers', description: '', priority: 100 });
    await failAuditOf('server.create');
    const input = createServerSchema.parse({ name: 'box', protocol: 'ssh', hostname: 'box', port: 22, credentials: { mode: 'prompt' }, groupIds: [group.id] });
    await expect(createServer(app.ctx, admin, input)).rejects.toThrow('audit refused');
    expect(await app.ctx.knex('servers').where({ name: 'box' })).toEqual([]);
    expect(await app.ctx.knex('server_groups').where({ group_id: group.id })).toEqual([]);
  });

  it('should keep the members a group had', async () => {
    const user = await createUser(app.ctx, admin, { username: 'carol', password: 'a-long-enough-password', role: 'user' });
    const group = await createGroup(app.ctx, admin, { name: 'kept', description: '', priority: 100 });
    await setGroupMembers(app.ctx, admin, group.id, [user.id]);
    await failAuditOf('group.set_members');
    await expect(setGroupMembers(app.ctx, admin, group.id, [])).rejects.toThrow('audit refused');
    expect(await app.ctx.knex('group_members').where({ group_id: group.id }).pluck('user_id')).toEqual([user.id]);
  });

  it('should write and audit together when the audit entry is accepted', async () => {
    const group = await createGroup(app.ctx, admin, { name: 'audited', description: '', priority: 100 });
    expect(await app.ctx.knex('audit_log').where({ action: 'group.create', target_id: group.id }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });
});

describe('constraint violations', () => {
  it('should reach use cases as typed errors that quote no value', async () => {
    const translated = transaction(app.ctx.knex, (trx) => trx('groups').insert({ name: 'audited' }));
    await expect(translated).rejects.toBeInstanceOf(UniqueViolationError);
    await expect(translated).rejects.not.toThrow('audited');
  });

  it('should answer a duplicate name with 409 through the use case', async () => {
    await expect(createGroup(app.ctx, admin, { name: 'audited', description: '', priority: 100 })).rejects.toMatchObject({ status: 409, code: 'group_exists' });
  });
});
