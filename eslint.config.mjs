import nx from '@nx/eslint-plugin';

/**
 * Module boundaries in two dimensions, enforced:
 *  scope: a role's code imports only its own scope and shared libs;
 *  type:  apps > feature > data-access > util > contracts; testing and e2e only where tests run.
 */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:webapp', onlyDependOnLibsWithTags: ['scope:webapp', 'scope:shared'] },
  { sourceTag: 'scope:agent', onlyDependOnLibsWithTags: ['scope:agent', 'scope:shared'] },
  { sourceTag: 'scope:connection-proxy', onlyDependOnLibsWithTags: ['scope:connection-proxy', 'scope:shared'] },
  { sourceTag: 'scope:kasm-proxy', onlyDependOnLibsWithTags: ['scope:kasm-proxy', 'scope:shared'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:contracts'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:contracts'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'] },
];

const boundaries = (allow) => ['error', { enforceBuildableLibDependency: true, allow, depConstraints }];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    // Tests may use the shared testing helpers, whatever the type of the code they test.
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@atrium/testing']) },
  },
  {
    // knex belongs to repositories in libs/db; nothing else builds queries.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/!(db)/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'knex', message: 'Queries live in libs/db repositories.' }] }],
    },
  },
];
