import { createUserSchema, loginRequestSchema } from '@atrium/contracts';
import { zodValidator } from './zod-validator';

describe('zodValidator', () => {
  it('should accept what the API accepts', () => {
    expect(zodValidator(loginRequestSchema)({ username: 'alice', password: 'x' })).toEqual({});
  });

  it("should refuse what the API refuses, in the contract's words, one message per field", () => {
    const errors = zodValidator(createUserSchema)({ username: 'bad name!', password: 'short', role: 'user' });
    expect(errors).toEqual({ username: 'letters, digits and . _ @ - only', password: 'must be at least 12 characters' });
  });
});
