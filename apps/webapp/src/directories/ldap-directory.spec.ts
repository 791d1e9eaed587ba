import { escapeFilterValue, sameDn } from './ldap-directory';

describe('LDAP filters and DNs', () => {
  it('escapes what would change a filter, so a username cannot widen the search', () => {
    expect(escapeFilterValue('ada')).toBe('ada');
    expect(escapeFilterValue('*')).toBe('\\2a');
    expect(escapeFilterValue('a)(uid=*')).toBe('a\\29\\28uid=\\2a');
    expect(escapeFilterValue('back\\slash\0')).toBe('back\\5cslash\\00');
  });

  it('compares DNs as directories write them', () => {
    expect(sameDn('cn=Engineers, ou=groups,dc=atrium,dc=test', 'cn=engineers,ou=groups,dc=atrium,dc=test')).toBe(true);
    expect(sameDn('cn=engineers,ou=groups,dc=atrium,dc=test', 'cn=everyone,ou=groups,dc=atrium,dc=test')).toBe(false);
  });
});
