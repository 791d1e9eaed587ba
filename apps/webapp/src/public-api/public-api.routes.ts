import { publicRequestSchemas, publicVerbScopes, type PublicVerb } from '@atrium/contracts';
import { createError, parseBody } from '@atrium/http';
import { Router } from 'express';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import type { AppContext } from '../context';
import { execCommandKasm, destroyKasm, getImages, getKasms, getKasmStatus, getZones, joinKasm, keepalive, requestKasm } from './session-verbs';
import { addUserGroup, createUserVerb, deleteUserVerb, getUser, getUsers, logoutUser, removeUserGroup, updateUserVerb } from './user-verbs';
import type { VerbHandler } from './verb-handler';

const HANDLERS: { [V in PublicVerb]: VerbHandler<V> } = {
  get_images: getImages,
  get_zones: getZones,
  create_user: createUserVerb,
  get_user: getUser,
  get_users: getUsers,
  update_user: updateUserVerb,
  delete_user: deleteUserVerb,
  logout_user: logoutUser,
  add_user_group: addUserGroup,
  remove_user_group: removeUserGroup,
  request_kasm: requestKasm,
  get_kasm_status: getKasmStatus,
  get_kasms: getKasms,
  keepalive,
  destroy_kasm: destroyKasm,
  join_kasm: joinKasm,
  exec_command_kasm: execCommandKasm,
};

const isVerb = (verb: string): verb is PublicVerb => Object.hasOwn(HANDLERS, verb);

/**
 * `POST /api/public/<verb>`: the Developer API, for integrations (no cookie, no Origin: a server calls it).
 * The key is checked first (401/403), then the verb's request (400); success is always 200 with an object.
 */
export function publicApiRoutes(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true, strict: true });

  router.post('/:verb', async (req, res) => {
    const verb = req.params['verb'] ?? '';
    if (!isVerb(verb)) throw createError(404, 'unknown_verb', `There is no Developer API verb named ${verb.slice(0, 64)}.`);
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw createError(400, 'invalid_body', 'The request body must be a JSON object with api_key and api_key_secret.');
    }
    const key = await authenticateApiKey(ctx, req.body, publicVerbScopes[verb]);
    const input = parseBody(publicRequestSchemas[verb], req);
    const answer = await (HANDLERS[verb] as VerbHandler<PublicVerb>)(ctx, key, input as never);
    res.status(200).json(answer);
  });

  router.use((req) => {
    throw createError(req.method === 'POST' ? 404 : 405, 'not_found', 'The Developer API answers POST /api/public/<verb> only.');
  });
  return router;
}
