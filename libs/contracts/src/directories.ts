import { z } from 'zod';
import { updateSchemaOf } from './update-schema';

/** An LDAP URL: ldaps://host[:port] or ldap://host[:port] (the latter only with StartTLS). */
const ldapUrl = z
  .string()
  .trim()
  .max(512)
  .regex(/^ldaps?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, 'must be ldaps://host[:port] or ldap://host[:port]');

const dn = z.string().trim().min(1).max(1024);

/** A PEM certificate (or several): the CA the directory's certificate must chain to. */
const pemCertificates = z
  .string()
  .trim()
  .max(32_768)
  .regex(/^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/, 'must be one or more PEM certificates');

export const groupMappingSchema = z.object({
  /** The directory group's DN, as the group search finds it. */
  ldapGroup: dn,
  groupId: z.string().uuid(),
});

const directoryFields = {
  name: z.string().trim().min(1).max(64),
  url: ldapUrl,
  startTls: z.boolean().default(false),
  /** Empty: the system's CAs. */
  caCertificate: pemCertificates.nullable().default(null),
  bindDn: dn,
  userBaseDn: dn,
  /** `{username}` stands for what the person typed, escaped (RFC 4515). */
  userFilter: z.string().trim().max(512).includes('{username}', { message: 'must contain {username}' }).default('(uid={username})'),
  groupBaseDn: dn,
  /** `{dn}` stands for the person's DN, escaped. */
  groupFilter: z.string().trim().max(512).includes('{dn}', { message: 'must contain {dn}' }).default('(&(objectClass=groupOfNames)(member={dn}))'),
  groupMappings: z.array(groupMappingSchema).max(200).default([]),
  /** People the directory knows and Atrium does not yet are created at their first sign-in. */
  createUsers: z.boolean().default(true),
  enabled: z.boolean().default(true),
};

/** Never in clear: LDAPS, or LDAP with StartTLS. */
const encrypted = (value: { url?: string; startTls?: boolean }) => value.url === undefined || value.url.startsWith('ldaps://') || value.startTls === true;
const ENCRYPTED = { message: 'use ldaps://, or ldap:// with StartTLS: Atrium never sends passwords in clear', path: ['startTls'] };

export const createDirectorySchema = z.object({ ...directoryFields, bindPassword: z.string().min(1).max(1024) }).refine(encrypted, ENCRYPTED);
export type CreateDirectory = z.infer<typeof createDirectorySchema>;

export const updateDirectorySchema = updateSchemaOf(z.object({ ...directoryFields, bindPassword: z.string().min(1).max(1024) }));
export type UpdateDirectory = z.infer<typeof updateDirectorySchema>;

/** A directory as administrators see it: the service account's password is write-only. */
export const directoryViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  url: z.string(),
  startTls: z.boolean(),
  caCertificate: z.string().nullable(),
  bindDn: z.string(),
  userBaseDn: z.string(),
  userFilter: z.string(),
  groupBaseDn: z.string(),
  groupFilter: z.string(),
  groupMappings: z.array(groupMappingSchema),
  createUsers: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type DirectoryView = z.infer<typeof directoryViewSchema>;

/** The admin page's connection test: the connection, TLS, the service account's bind, and people found. */
export const directoryTestSchema = z.object({ ok: z.boolean(), detail: z.string() });
export type DirectoryTest = z.infer<typeof directoryTestSchema>;

export const directoryIdParamsSchema = z.object({ directoryId: z.string().uuid() });
