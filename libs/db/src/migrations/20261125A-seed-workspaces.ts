import type { Knex } from 'knex';

/** The two workspaces every RA1 host ships with, built by tools/scripts from deploy/images/workspaces. */
const SEEDED = [
  {
    name: 'terminal',
    description: 'A terminal (xterm) in a light window manager.',
    image: 'atrium/workspace-terminal:dev',
    cores: 1,
    memory_mb: 768,
    default_resolution: '1280x720',
  },
  {
    name: 'desktop',
    description: 'A light desktop with a panel, a terminal and Firefox ESR.',
    image: 'atrium/workspace-desktop:dev',
    cores: 2,
    memory_mb: 2048,
    default_resolution: '1600x900',
  },
];

export async function up(knex: Knex): Promise<void> {
  await knex('workspaces').insert(SEEDED).onConflict('name').ignore();
}

/** Removes the seeded rows unless sessions still refer to them (their history is kept). */
export async function down(knex: Knex): Promise<void> {
  await knex('workspaces')
    .whereIn(
      'name',
      SEEDED.map((workspace) => workspace.name),
    )
    .whereNotExists(knex('sessions').whereRaw('sessions.workspace_id = workspaces.id'))
    .delete();
}
