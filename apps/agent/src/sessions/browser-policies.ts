import type { BrowserSettings } from '@atrium/contracts';

/** Where the workspace user's downloads go (the download panel lists this folder). */
export const DOWNLOADS_DIR = '/home/user/Downloads';

/**
 * Chromium's managed policy for a workspace: its homepage, its URL lists, downloads straight to ~/Downloads, and
 * none of the first-run prompts, sign-in or sync that a disposable browser has no use for.
 */
export function chromiumPolicy(settings: BrowserSettings): Record<string, unknown> {
  return {
    ...(settings.homepage && {
      HomepageLocation: settings.homepage,
      HomepageIsNewTabPage: false,
      ShowHomeButton: true,
      RestoreOnStartup: 4,
      RestoreOnStartupURLs: [settings.homepage],
    }),
    ...(settings.urlBlocklist.length > 0 && { URLBlocklist: settings.urlBlocklist }),
    ...(settings.urlAllowlist.length > 0 && { URLAllowlist: settings.urlAllowlist }),
    DownloadDirectory: DOWNLOADS_DIR,
    PromptForDownloadLocation: false,
    DefaultBrowserSettingEnabled: false,
    MetricsReportingEnabled: false,
    BrowserSignin: 0,
    SyncDisabled: true,
    PromotionalTabsEnabled: false,
    BackgroundModeEnabled: false,
    PrivacySandboxPromptEnabled: false,
  };
}

/** The same for Firefox ESR (policies.json), with Chromium's URL patterns turned into WebsiteFilter's. */
export function firefoxPolicies(settings: BrowserSettings): Record<string, unknown> {
  return {
    policies: {
      ...(settings.homepage && { Homepage: { URL: settings.homepage, StartPage: 'homepage' } }),
      ...((settings.urlBlocklist.length > 0 || settings.urlAllowlist.length > 0) && {
        WebsiteFilter: { Block: settings.urlBlocklist.map(toMatchPattern), Exceptions: settings.urlAllowlist.map(toMatchPattern) },
      }),
      DefaultDownloadDirectory: DOWNLOADS_DIR,
      DownloadDirectory: DOWNLOADS_DIR,
      PromptForDownloadLocation: false,
      DisableTelemetry: true,
      DisableFirefoxStudies: true,
      DisableFirefoxAccounts: true,
      DontCheckDefaultBrowser: true,
      OverrideFirstRunPage: '',
      OverridePostUpdatePage: '',
      NoDefaultBookmarks: true,
      DisableAppUpdate: true,
      UserMessaging: { WhatsNew: false, ExtensionRecommendations: false, FeatureRecommendations: false, SkipOnboarding: true, MoreFromMozilla: false },
    },
  };
}

/**
 * A Chromium URL-list pattern (`*`, `example.com`, `.example.com`, `https://example.com/path`) as a WebExtension
 * match pattern, which Firefox's WebsiteFilter takes. A host matches its subdomains in Chromium unless it starts
 * with a dot; a path is a prefix in Chromium, so the match pattern ends with `*`.
 */
export function toMatchPattern(pattern: string): string {
  if (pattern === '*') return '<all_urls>';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(pattern);
  const rest = scheme ? pattern.slice(scheme[0].length) : pattern;
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  const exactHost = host.startsWith('.');
  const hostPattern = exactHost ? host.slice(1) : host.startsWith('*.') || host === '*' ? host : `*.${host}`;
  const schemePattern = scheme?.[1]?.toLowerCase() ?? '*';
  return `${schemePattern}://${hostPattern}${path.endsWith('*') ? path : `${path}*`}`;
}
