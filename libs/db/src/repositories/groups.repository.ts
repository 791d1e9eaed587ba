import { groupSettingsSchema, type GroupSettings, type GroupView } from '@atrium/contracts';
import type { Knex } from 'knex';

interface GroupRow {
  id: string;
  name: string;
  description: string;
  priority: number;
}

/** A group as policy resolution reads it. */
export interface GroupPolicyRecord {
  id: string;
  name: string;
  priority: number;
  settings: GroupSettings;
}

export class GroupsRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: { name: string; description: string; priority: number }): Promise<GroupView> {
    const [row] = await this.knex('groups').insert(input).returning('*');
    return { ...toGroup(row as GroupRow), userIds: [], settings: {} };
  }

  /** Changes name, description or priority; undefined when the group does not exist. */
  async update(id: string, input: Partial<Pick<GroupRow, 'name' | 'description' | 'priority'>>): Promise<{ id: string } | undefined> {
    const [row] = await this.knex('groups')
      .where({ id })
      .update({ ...input, updated_at: this.knex.fn.now() })
      .returning('id');
    return row;
  }

  async list(): Promise<GroupView[]> {
    const groups: GroupRow[] = await this.knex('groups').orderBy([{ column: 'priority' }, { column: 'name' }]);
    const members: { group_id: string; user_id: string }[] = await this.knex('group_members');
    const settings = await this.settingsByGroup(groups.map((group) => group.id));
    return groups.map((group) => ({
      ...toGroup(group),
      userIds: members.filter((member) => member.group_id === group.id).map((member) => member.user_id),
      settings: settings.get(group.id) ?? {},
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

  /** Adds one member; adding a member twice changes nothing. */
  async addMember(groupId: string, userId: string): Promise<void> {
    await this.knex('group_members').insert({ group_id: groupId, user_id: userId }).onConflict(['group_id', 'user_id']).ignore();
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.knex('group_members').where({ group_id: groupId, user_id: userId }).delete();
  }

  /**
   * Makes a user a member of exactly `member` among `governed` (groups a directory decides), leaving their other
   * groups as they are: a directory's mapping adds and removes only what it maps.
   */
  async syncGovernedGroups(userId: string, governed: string[], member: string[]): Promise<void> {
    const leave = governed.filter((groupId) => !member.includes(groupId));
    if (leave.length) await this.knex('group_members').where({ user_id: userId }).whereIn('group_id', leave).delete();
    for (const groupId of member) await this.addMember(groupId, userId);
  }

  /** Replaces the groups one user belongs to; unknown group ids fail on the foreign key. Run in a transaction. */
  async setGroupsOfUser(userId: string, groupIds: string[]): Promise<void> {
    await this.knex('group_members').where({ user_id: userId }).delete();
    if (groupIds.length) await this.knex('group_members').insert(groupIds.map((groupId) => ({ group_id: groupId, user_id: userId })));
  }

  /** For each of these users, the groups they belong to (id and name). */
  async groupsOfUsers(userIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const byUser = new Map<string, { id: string; name: string }[]>(userIds.map((id) => [id, []]));
    if (!userIds.length) return byUser;
    const rows: { user_id: string; id: string; name: string }[] = await this.knex('group_members')
      .join('groups', 'groups.id', 'group_members.group_id')
      .whereIn('group_members.user_id', userIds)
      .orderBy('groups.name')
      .select('group_members.user_id', 'groups.id', 'groups.name');
    for (const row of rows) byUser.get(row.user_id)?.push({ id: row.id, name: row.name });
    return byUser;
  }

  /** Replaces the group's settings (one row per setting). Run in a transaction. */
  async replaceSettings(groupId: string, settings: GroupSettings): Promise<void> {
    await this.knex('group_settings').where({ group_id: groupId }).delete();
    const rows = Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({ group_id: groupId, key, value: JSON.stringify(value) }));
    if (rows.length) await this.knex('group_settings').insert(rows);
  }

  /** The groups a user belongs to, with their settings: the input of policy resolution. */
  async policyGroupsOf(userId: string): Promise<GroupPolicyRecord[]> {
    const groups: GroupRow[] = await this.knex('groups')
      .join('group_members', 'group_members.group_id', 'groups.id')
      .where('group_members.user_id', userId)
      .select('groups.id', 'groups.name', 'groups.description', 'groups.priority');
    const settings = await this.settingsByGroup(groups.map((group) => group.id));
    return groups.map((group) => ({ id: group.id, name: group.name, priority: group.priority, settings: settings.get(group.id) ?? {} }));
  }

  /**
   * Each group's settings, read back through the contract's schema: a row that no longer parses (a setting
   * renamed or removed since) is left out rather than trusted.
   */
  private async settingsByGroup(groupIds: string[]): Promise<Map<string, GroupSettings>> {
    const byGroup = new Map<string, GroupSettings>();
    if (!groupIds.length) return byGroup;
    const rows: { group_id: string; key: string; value: unknown }[] = await this.knex('group_settings').whereIn('group_id', groupIds);
    for (const row of rows) {
      const parsed = groupSettingsSchema.safeParse({ [row.key]: row.value });
      if (parsed.success) byGroup.set(row.group_id, { ...byGroup.get(row.group_id), ...parsed.data });
    }
    return byGroup;
  }
}

const toGroup = (row: GroupRow) => ({ id: row.id, name: row.name, description: row.description, priority: row.priority });
