import type { CreateServer, ServerView } from '@atrium/contracts';
import type { ServerRecord, ServerWrite } from '@atrium/db';
import type { AppContext } from '../context';
import { unknownReferenceAs } from '../writes/constraint-conflicts';

/** What the repository stores for an admin's input: static credentials sealed, prompted ones never kept. */
export function toServerWrite(ctx: AppContext, input: Partial<CreateServer>): ServerWrite {
  const { credentials, ...rest } = input;
  if (!credentials) return rest;
  const sealed = credentials.mode === 'static' ? ctx.credentials.encrypt({ username: credentials.username, password: credentials.password }) : null;
  return { ...rest, credentialMode: credentials.mode, credentialsEncrypted: sealed };
}

/** Never the credentials: only the view, whoever asks. */
export const toServerView = ({ credentialsEncrypted: _sealed, ...view }: ServerRecord): ServerView => view;

export const unknownGroup = unknownReferenceAs('unknown_group', 'One of the groups does not exist.');
