import type { Knex } from 'knex';

/**
 * The catalogue as people see it: a friendly name, categories and an icon per workspace; the launch settings an
 * administrator gives an image of their own (command, an allow-listed run config); a browser's homepage and URL
 * lists; whether Chromium's sandbox may use user namespaces; egress to a named Docker network. Then the images
 * Atrium ships: chromium, firefox and office join terminal and desktop, which get their icons and categories.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.text('friendly_name').notNullable().defaultTo('');
    t.specificType('categories', 'text[]').notNullable().defaultTo('{}');
    t.text('icon_url');
    t.jsonb('launch_command');
    t.jsonb('run_config').notNullable().defaultTo('{}');
    t.jsonb('browser_settings').notNullable().defaultTo('{}');
    t.boolean('user_namespaces').notNullable().defaultTo(false);
    t.text('egress_network');
  });
  await knex.raw('alter table workspaces drop constraint workspaces_egress_check');
  await knex.raw(`alter table workspaces add constraint workspaces_egress_check check (egress in ('none', 'internet', 'network'))`);
  await knex.raw(`alter table workspaces add constraint workspaces_egress_network_check check ((egress = 'network') = (egress_network is not null))`);
  for (const workspace of SHIPPED) {
    const { name, ...fields } = workspace;
    await knex('workspaces')
      .insert({ name, ...fields, browser_settings: JSON.stringify(fields.browser_settings ?? {}) })
      .onConflict('name')
      .merge(['friendly_name', 'categories', 'icon_url', 'user_namespaces', ...(name === 'desktop' || name === 'terminal' ? ['description'] : [])]);
  }
}

/** Removes what this migration added; workspaces that used a named network go back to internet egress. */
export async function down(knex: Knex): Promise<void> {
  await knex('workspaces')
    .whereIn('name', ['chromium', 'firefox', 'office'])
    .whereNotExists(knex('sessions').whereRaw('sessions.workspace_id = workspaces.id'))
    .delete();
  await knex.raw('alter table workspaces drop constraint workspaces_egress_network_check');
  await knex('workspaces').where({ egress: 'network' }).update({ egress: 'internet' });
  await knex.raw('alter table workspaces drop constraint workspaces_egress_check');
  await knex.raw(`alter table workspaces add constraint workspaces_egress_check check (egress in ('none', 'internet'))`);
  await knex.schema.alterTable('workspaces', (t) => {
    for (const column of ['friendly_name', 'categories', 'icon_url', 'launch_command', 'run_config', 'browser_settings', 'user_namespaces', 'egress_network']) {
      t.dropColumn(column);
    }
  });
}

interface ShippedWorkspace {
  name: string;
  friendly_name: string;
  description: string;
  categories: string[];
  icon_url: string;
  image: string;
  cores: number;
  memory_mb: number;
  default_resolution: string;
  user_namespaces: boolean;
  browser_settings?: Record<string, unknown>;
}

/** Built by tools/scripts from deploy/images/workspaces; the icons are copied out of each image at build time. */
const SHIPPED: ShippedWorkspace[] = [
  {
    name: 'terminal',
    friendly_name: 'Terminal',
    description: 'A terminal (xterm) filling the screen.',
    categories: ['Development'],
    icon_url: '/icons/terminal.svg',
    image: 'atrium/workspace-terminal:dev',
    cores: 1,
    memory_mb: 768,
    default_resolution: '1280x720',
    user_namespaces: false,
  },
  {
    name: 'desktop',
    friendly_name: 'Desktop',
    description: 'An XFCE desktop with a file manager, a terminal, a text editor, Chromium and Firefox.',
    categories: ['Desktops'],
    icon_url: '/icons/desktop.svg',
    image: 'atrium/workspace-desktop:dev',
    cores: 2,
    memory_mb: 2048,
    default_resolution: '1600x900',
    user_namespaces: true,
  },
  {
    name: 'chromium',
    friendly_name: 'Chromium',
    description: 'A disposable Chromium: the web opens here, never on your computer.',
    categories: ['Browsers'],
    icon_url: '/icons/chromium.png',
    image: 'atrium/workspace-chromium:dev',
    cores: 1,
    memory_mb: 2048,
    default_resolution: '1280x720',
    user_namespaces: true,
  },
  {
    name: 'firefox',
    friendly_name: 'Firefox',
    description: 'A disposable Firefox ESR: the web opens here, never on your computer.',
    categories: ['Browsers'],
    icon_url: '/icons/firefox.png',
    image: 'atrium/workspace-firefox:dev',
    cores: 1,
    memory_mb: 2048,
    default_resolution: '1280x720',
    user_namespaces: false,
  },
  {
    name: 'office',
    friendly_name: 'LibreOffice',
    description: 'Writer, Calc and Impress.',
    categories: ['Office'],
    icon_url: '/icons/office.svg',
    image: 'atrium/workspace-office:dev',
    cores: 1,
    memory_mb: 2048,
    default_resolution: '1600x900',
    user_namespaces: false,
  },
];
