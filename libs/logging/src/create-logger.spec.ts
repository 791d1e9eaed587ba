import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('test-role', { destination, level: 'debug' }) };
}

describe('createLogger', () => {
  it('stamps every line with the service name and an ISO time', () => {
    const { lines, logger } = capture();
    logger.info('hello');
    expect(lines[0]).toMatchObject({ service: 'test-role', level: 'info', msg: 'hello' });
    expect(String(lines[0]?.['time'])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it.each([
    [{ password: 'hunter2' }],
    [{ user: { password: 'hunter2' } }],
    [{ req: { headers: { cookie: 'atrium_session=hunter2' } } }],
    [{ body: { token: 'hunter2' } }],
    [{ agent: { registrationToken: 'hunter2' } }],
  ])('redacts secrets in %j', (fields) => {
    const { lines, logger } = capture();
    logger.info(fields, 'with secret');
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(JSON.stringify(lines[0])).toContain('[redacted]');
  });

  it("drops the fields in which a database error quotes a query's values", () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_username_unique"'), {
      code: '23505',
      constraint: 'users_username_unique',
      detail: 'Key (lower(username))=(hunter2) already exists.',
    });
    logger.error({ err: error }, 'write failed');
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(lines[0]?.['err']).toMatchObject({ code: '23505', constraint: 'users_username_unique' });
  });
});
