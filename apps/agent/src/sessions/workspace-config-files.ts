import type { BrowserSettings } from '@atrium/contracts';
import { chromiumPolicy, firefoxPolicies } from './browser-policies';

/**
 * The files of a session's read-only settings folder (/run/atrium/config in the workspace). Every workspace gets
 * both browsers' policies: the desktop has both browsers, and an image of an administrator's may have either.
 */
export const workspaceConfigFiles = (browser: BrowserSettings): Record<string, string> => ({
  'chromium-policy.json': JSON.stringify(chromiumPolicy(browser), null, 2),
  'firefox-policies.json': JSON.stringify(firefoxPolicies(browser), null, 2),
});
