import type { DirectoryTest, UserProfile } from '@atrium/contracts';
import type { DirectoryRecord } from '@atrium/db';
import { Client, InvalidCredentialsError } from 'ldapts';

/** A person the directory vouched for: their DN, what it says about them, and the DNs of their groups. */
export interface DirectoryPerson {
  dn: string;
  profile: Partial<UserProfile>;
  groups: string[];
}

/** A value in a search filter, escaped as RFC 4515 says: `*`, `(`, `)`, `\` and NUL lose their meaning. */
export const escapeFilterValue = (value: string): string => value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** DNs compared as directories write them: case and spaces after commas do not matter. */
export const sameDn = (a: string, b: string) => a.replace(/,\s+/g, ',').toLowerCase() === b.replace(/,\s+/g, ',').toLowerCase();

const first = (value: unknown): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : Buffer.isBuffer(one) ? one.toString('utf8') : undefined;
};

/** TLS as the directory's settings ask: its CA (or the system's), its hostname checked, TLS 1.2 or later. */
const tlsOf = (directory: DirectoryRecord) => ({
  ...(directory.caCertificate && { ca: [directory.caCertificate] }),
  servername: new URL(directory.url).hostname,
  minVersion: 'TLSv1.2' as const,
});

/** A connection bound as the service account: over LDAPS, or upgraded with StartTLS before anything is sent. */
async function serviceConnection(directory: DirectoryRecord, bindPassword: string): Promise<Client> {
  const ldaps = directory.url.startsWith('ldaps://');
  const client = new Client({ url: directory.url, timeout: 10_000, connectTimeout: 5_000, ...(ldaps && { tlsOptions: tlsOf(directory) }) });
  try {
    if (!ldaps) {
      if (!directory.startTls) throw new Error('refused: the directory is neither LDAPS nor StartTLS');
      await client.startTLS(tlsOf(directory));
    }
    await client.bind(directory.bindDn, bindPassword);
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
}

/**
 * Checks a person's password the way directories are meant to be asked: the service account finds exactly one entry
 * for the username, the person binds as that entry with their password, then the service account reads their
 * groups. Undefined when the directory does not know them or the password is wrong; throws when it cannot be asked.
 */
export async function authenticateAgainst(
  directory: DirectoryRecord,
  bindPassword: string,
  username: string,
  password: string,
): Promise<DirectoryPerson | undefined> {
  // An empty password is an unauthenticated bind, which most directories accept: never a sign-in.
  if (!password) return undefined;
  const client = await serviceConnection(directory, bindPassword);
  try {
    const { searchEntries } = await client.search(directory.userBaseDn, {
      scope: 'sub',
      filter: directory.userFilter.replaceAll('{username}', escapeFilterValue(username)),
      sizeLimit: 2,
      attributes: ['givenName', 'sn', 'o', 'telephoneNumber'],
    });
    const entry = searchEntries.length === 1 ? searchEntries[0] : undefined;
    if (!entry) return undefined;
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return undefined;
      throw error;
    }
    await client.bind(directory.bindDn, bindPassword);
    const groups = await client.search(directory.groupBaseDn, {
      scope: 'sub',
      filter: directory.groupFilter.replaceAll('{dn}', escapeFilterValue(entry.dn)),
      attributes: ['dn'],
      sizeLimit: 1000,
    });
    const profile: Partial<UserProfile> = {
      ...(first(entry['givenName']) && { firstName: first(entry['givenName']) }),
      ...(first(entry['sn']) && { lastName: first(entry['sn']) }),
      ...(first(entry['o']) && { organization: first(entry['o']) }),
      ...(first(entry['telephoneNumber']) && { phone: first(entry['telephoneNumber']) }),
    };
    return { dn: entry.dn, profile, groups: groups.searchEntries.map((group) => group.dn) };
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The admin page's test: connect, TLS, bind as the service account, count the people the user filter finds. */
export async function testDirectory(directory: DirectoryRecord, bindPassword: string): Promise<DirectoryTest> {
  try {
    const client = await serviceConnection(directory, bindPassword);
    try {
      const { searchEntries } = await client.search(directory.userBaseDn, {
        scope: 'sub',
        filter: directory.userFilter.replaceAll('{username}', '*'),
        attributes: ['dn'],
        sizeLimit: 1000,
      });
      const tls = directory.url.startsWith('ldaps://') ? 'LDAPS' : 'StartTLS';
      return { ok: true, detail: `Connected over ${tls}, the certificate checked; the service account bound; ${searchEntries.length} people found.` };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  } catch (error) {
    return { ok: false, detail: (error as Error).message || String(error) };
  }
}
