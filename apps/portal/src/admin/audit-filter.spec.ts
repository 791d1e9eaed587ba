import { auditQuerySchema } from '@atrium/contracts';
import { auditQueryOf } from './audit-filter';

describe('auditQueryOf', () => {
  it('should drop empty filters', () => {
    expect(auditQueryOf({ actorId: null, action: ' ', since: '', until: '' })).toEqual({
      actorId: undefined,
      action: undefined,
      since: undefined,
      until: undefined,
      before: undefined,
      limit: 50,
    });
  });

  it('should make a query the API accepts, with local times as instants', () => {
    const query = auditQueryOf({ actorId: '0b9c6a7e-1111-4a4a-8a8a-123456789abc', action: 'session.launch', since: '2026-11-25T10:00', until: '' }, 120);
    expect(auditQuerySchema.safeParse(query).success).toBe(true);
    expect(query.since).toBe(new Date('2026-11-25T10:00').toISOString());
    expect(query.before).toBe(120);
  });
});
