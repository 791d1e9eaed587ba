import { chromiumPolicy, firefoxPolicies, toMatchPattern } from './browser-policies';

const settings = { homepage: 'https://intranet.example/', kiosk: false, urlAllowlist: ['intranet.example'], urlBlocklist: ['*'] };

describe('browser policies', () => {
  it("should give Chromium the workspace's homepage and URL lists, and downloads without a prompt", () => {
    expect(chromiumPolicy(settings)).toMatchObject({
      HomepageLocation: 'https://intranet.example/',
      RestoreOnStartup: 4,
      RestoreOnStartupURLs: ['https://intranet.example/'],
      URLBlocklist: ['*'],
      URLAllowlist: ['intranet.example'],
      DownloadDirectory: '/home/user/Downloads',
      PromptForDownloadLocation: false,
      BrowserSignin: 0,
    });
  });

  it('should leave out what the workspace does not set', () => {
    const policy = chromiumPolicy({ homepage: null, kiosk: false, urlAllowlist: [], urlBlocklist: [] });
    expect(policy).not.toHaveProperty('HomepageLocation');
    expect(policy).not.toHaveProperty('URLBlocklist');
    expect(firefoxPolicies({ homepage: null, kiosk: false, urlAllowlist: [], urlBlocklist: [] }).policies).not.toHaveProperty('WebsiteFilter');
  });

  it('should give Firefox the same, as policies.json', () => {
    expect(firefoxPolicies(settings).policies).toMatchObject({
      Homepage: { URL: 'https://intranet.example/', StartPage: 'homepage' },
      WebsiteFilter: { Block: ['<all_urls>'], Exceptions: ['*://*.intranet.example/*'] },
      DefaultDownloadDirectory: '/home/user/Downloads',
      OverrideFirstRunPage: '',
    });
  });

  it.each([
    ['*', '<all_urls>'],
    ['example.com', '*://*.example.com/*'],
    ['.example.com', '*://example.com/*'],
    ['https://example.com', 'https://*.example.com/*'],
    ['https://example.com/docs', 'https://*.example.com/docs*'],
    ['http://*.example.com/*', 'http://*.example.com/*'],
    ['HTTP://example.com/', 'http://*.example.com/*'],
  ])('should turn the Chromium pattern %s into the match pattern %s', (pattern, expected) => {
    expect(toMatchPattern(pattern)).toBe(expected);
  });
});
