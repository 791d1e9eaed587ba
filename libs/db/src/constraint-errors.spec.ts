import { ForeignKeyViolationError, translateConstraintError, UniqueViolationError } from './constraint-errors';

/** The shape node-postgres gives a refused write: SQLSTATE, constraint, and a message quoting the values. */
const pgError = (code: string, constraint = 'groups_name_unique') =>
  Object.assign(new Error('duplicate key value violates unique constraint "groups_name_unique"'), {
    code,
    constraint,
    detail: 'Key (name)=(secret-ish) already exists.',
  });

describe('translateConstraintError', () => {
  it('should turn a unique violation into a typed error naming only the constraint', () => {
    const translated = translateConstraintError(pgError('23505'));
    expect(translated).toBeInstanceOf(UniqueViolationError);
    expect((translated as UniqueViolationError).constraint).toBe('groups_name_unique');
    expect(JSON.stringify(translated) + (translated as Error).message).not.toContain('secret-ish');
  });

  it('should turn a foreign key violation into a typed error', () => {
    expect(translateConstraintError(pgError('23503', 'group_members_user_id_foreign'))).toBeInstanceOf(ForeignKeyViolationError);
  });

  it.each([pgError('40001'), new Error('connection lost'), undefined, 'text'])('should pass %p on unchanged', (error) => {
    expect(translateConstraintError(error)).toBe(error);
  });
});
