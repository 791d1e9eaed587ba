import { updateGroupSchema } from './groups';
import { updateServerSchema } from './servers';
import { updateWorkspaceSchema } from './workspaces';

describe('update schemas', () => {
  it.each([
    ['workspace', updateWorkspaceSchema, { image: 'atrium/x:2' }],
    ['server', updateServerSchema, { name: 'renamed' }],
    ['group', updateGroupSchema, { name: 'renamed' }],
  ] as const)('should change only what a %s PATCH names (no default fills the rest)', (_name, schema, patch) => {
    expect(schema.parse(patch)).toEqual(patch);
  });

  it('should still validate the fields it gets, and refuse an empty change', () => {
    expect(updateWorkspaceSchema.safeParse({ cores: -1 }).success).toBe(false);
    expect(updateGroupSchema.safeParse({}).success).toBe(false);
  });
});
