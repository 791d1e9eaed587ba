import { idleTooLong, keepaliveEveryMs } from './keepalive';

describe('keepaliveEveryMs', () => {
  it('should send three per expiration, within 5 s and 60 s', () => {
    expect(keepaliveEveryMs({ keepalive_expiration: 60 })).toBe(20_000);
    expect(keepaliveEveryMs({ keepalive_expiration: 6 })).toBe(5_000);
    expect(keepaliveEveryMs({ keepalive_expiration: 3600 })).toBe(60_000);
  });
});

describe('idleTooLong', () => {
  it('should disconnect only after the idle limit, and never with none', () => {
    expect(idleTooLong({ idle_disconnect: 2 }, 119_000)).toBe(false);
    expect(idleTooLong({ idle_disconnect: 2 }, 121_000)).toBe(true);
    expect(idleTooLong({ idle_disconnect: 0 }, 86_400_000)).toBe(false);
  });
});
