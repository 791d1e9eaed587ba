import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it.each(['Password1234', 'P@ssw0rd2026!', 'Welcome2026!!', '!!Qwertyuiop99', 'iloveyou1234', 'Administrator1', '1qaz2wsx3edc'])(
    'should refuse %s as one of the most common',
    (password) => expect(passwordWeakness(password)).toMatch(/most common/),
  );

  it.each(['aaaaaaaaaaaa', 'abcabcabcabc', '123412341234', 'abcdefghijklm', '0987654321098', 'ASDFGHJKLZXC'])(
    'should refuse %s as a repetition or a sequence',
    (password) => expect(passwordWeakness(password)).toMatch(/repetition or a sequence/),
  );

  it('should refuse a short password', () => {
    expect(passwordWeakness('Tr0ub4dor&3')).toMatch(/at least 12/);
  });

  it.each(['correct horse battery staple', 'Tr0ub4dor&3-quiet-river', 'ursula-password-123', 'glacier-Mint-47-otter'])('should accept %s', (password) =>
    expect(passwordWeakness(password)).toBeUndefined(),
  );
});
