import { groupsOf, mappedGroupIds, profileOf, usernameOf } from './oidc-claims';

describe('reading what an ID token says about a person', () => {
  it('should take the username from the configured claim only when it is a name Atrium accepts', () => {
    expect(usernameOf({ preferred_username: 'ada.l@example.org' }, 'preferred_username')).toBe('ada.l@example.org');
    expect(usernameOf({ email: 'ada@example.org' }, 'email')).toBe('ada@example.org');
    expect(usernameOf({ preferred_username: 'ada lovelace' }, 'preferred_username')).toBeUndefined();
    expect(usernameOf({ preferred_username: '../admin' }, 'preferred_username')).toBeUndefined();
    expect(usernameOf({ preferred_username: 42 }, 'preferred_username')).toBeUndefined();
    expect(usernameOf({}, 'preferred_username')).toBeUndefined();
  });

  it('should read groups from an array or one bare string, and nothing from any other shape', () => {
    expect(groupsOf({ groups: ['eng', 'ops'] }, 'groups')).toEqual(['eng', 'ops']);
    expect(groupsOf({ roles: 'eng' }, 'roles')).toEqual(['eng']);
    expect(groupsOf({ groups: ['eng', 7, { name: 'ops' }] }, 'groups')).toEqual(['eng']);
    expect(groupsOf({ groups: { eng: true } }, 'groups')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });

  it('should map claim values to Atrium groups by exact match, each group once', () => {
    const mappings = [
      { claimValue: 'eng', groupId: 'g1' },
      { claimValue: 'Eng', groupId: 'g2' },
      { claimValue: 'ops', groupId: 'g1' },
    ];
    expect(mappedGroupIds(mappings, ['eng', 'ops'])).toEqual(['g1']);
    expect(mappedGroupIds(mappings, ['ENG'])).toEqual([]);
  });

  it('should keep profile claims that pass the profile check and leave out the rest', () => {
    expect(profileOf({ given_name: 'Ada', family_name: 'Lovelace', phone_number: '+44 20 7946 0000' })).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+44 20 7946 0000',
    });
    expect(profileOf({ given_name: 'x'.repeat(500), family_name: 3 })).toEqual({});
  });
});
