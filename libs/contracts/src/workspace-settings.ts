import { z } from 'zod';

/** Environment names an integration may not set in a workspace: Atrium's own settings of the desktop. */
export const isReservedWorkspaceEnv = (name: string) => /^(VNC_|BROWSER_|GEOMETRY$|DISPLAY$|WINDOW_MANAGER$|PANEL$|SESSION_KIND$)/.test(name);

/** A URL pattern of Chromium's URLBlocklist / URLAllowlist format (also turned into Firefox's WebsiteFilter). */
const urlPatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^[^\s"'<>\\]+$/, 'a URL pattern without spaces or quotes');

/**
 * What a browser workspace opens and may reach, enforced by the browser's managed policy (Chromium's policy file,
 * Firefox's policies.json) that the agent writes where the workspace can read but not change it.
 */
export const browserSettingsSchema = z
  .object({
    homepage: z.string().url().max(2048).nullable().default(null),
    /** Full screen without address bar or tabs: the user stays on the homepage's site and its links. */
    kiosk: z.boolean().default(false),
    /** Patterns that are always allowed, even when a broader one is denied. */
    urlAllowlist: z.array(urlPatternSchema).max(200).default([]),
    /** Patterns the browser refuses to open (`*` denies everything not allowed). */
    urlBlocklist: z.array(urlPatternSchema).max(200).default([]),
  })
  .strict();
export type BrowserSettings = z.infer<typeof browserSettingsSchema>;

/**
 * The `docker run` settings an administrator may give a workspace (Kasm's "Docker Run Config Override"), kept to
 * an allow-list: nothing that widens what the container may do (no privileges, capabilities, devices, volumes
 * or networks). Unknown keys are refused, by name.
 */
export const runConfigSchema = z
  .object({
    hostname: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a host name')
      .optional(),
    /** Shared memory (/dev/shm), e.g. "512m": browsers need more than Docker's 64 MB. */
    shm_size: z
      .string()
      .regex(/^\d{1,5}[mg]$/, 'must be a size like 512m or 1g')
      .optional(),
    /** Variables for the container (Atrium's own names are refused, as for the Developer API). */
    environment: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be an environment variable name'), z.string().max(4096))
      .refine((env) => Object.keys(env).length <= 32, 'at most 32 variables')
      .refine(
        (env) => !Object.keys(env).some(isReservedWorkspaceEnv),
        'VNC_*, BROWSER_*, GEOMETRY, DISPLAY, SESSION_KIND, WINDOW_MANAGER and PANEL are Atrium’s own',
      )
      .optional(),
    working_dir: z
      .string()
      .regex(/^\/[A-Za-z0-9._/-]{0,255}$/, 'must be an absolute path')
      .optional(),
  })
  .strict();
export type RunConfig = z.infer<typeof runConfigSchema>;
