import { guacamoleStatusSentence } from './guacamole-status';

describe('guacamoleStatusSentence', () => {
  it.each([
    [0x0301, 'The remote system refused the sign-in: check the username and password, and the security mode.'],
    [0x0207, 'The remote system could not be reached or refused the connection: check its address, the credentials and the security mode.'],
    [0x0203, 'The remote system refused or broke off the connection (it may require another security mode).'],
  ])('should say what status %i means', (status, sentence) => {
    expect(guacamoleStatusSentence(status)).toBe(sentence);
  });

  it('should name a code it does not know', () => {
    expect(guacamoleStatusSentence(0x7777)).toBe('The remote connection ended (status 30583).');
  });
});
