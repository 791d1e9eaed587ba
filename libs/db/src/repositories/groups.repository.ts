import type { GroupView } from '@atrium/contracts';
import type { Knex } from 'knex';

export class GroupsRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: { name: string; description: string }): Promise<GroupView> {
    const [row] = await this.knex('groups').insert(input).returning('*');
    return { id: row.id, name: row.name, description: row.description, userIds: [] };
  }

  async list(): Promise<GroupView[]> {
    const groups = await this.knex('groups').orderBy('name');
    const members = await this.knex('group_members');
    return groups.map((group: { id: string; name: string; description: string }) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      userIds: members.filter((member: { group_id: string }) => member.group_id === group.id).map((member: { user_id: string }) => member.user_id),
    }));
  }

  async exists(id: string): Promise<boolean> {
    return (await this.knex('groups').where({ id }).first('id')) !== undefined;
  }

  /** Replaces the group's members. Run in a transaction. */
  async setMembers(groupId: string, userIds: string[]): Promise<void> {
    await this.knex('group_members').where({ group_id: groupId }).delete();
    if (userIds.length) await this.knex('group_members').insert(userIds.map((userId) => ({ group_id: groupId, user_id: userId })));
  }
}
