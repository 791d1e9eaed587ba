import { errorEnvelopeSchema, publicCredentialsSchema, publicErrorSchema, publicRequestSchemas, publicVerbScopes, type PublicVerb } from '@atrium/contracts';
import { z } from 'zod';
import { NATIVE_ROUTES, type NativeRoute } from './api-catalog';

type JsonObject = Record<string, unknown>;

/** A contract schema as JSON Schema: what a client sends (input side), transforms described by their input. */
const jsonSchema = (schema: z.ZodType): JsonObject => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
};

const json = (schema: z.ZodType) => ({ 'application/json': { schema: jsonSchema(schema) } });
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function nativeOperation(route: NativeRoute): JsonObject {
  const status = String(route.status ?? (route.answer ? 200 : 204));
  const parameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = route.query ? Object.entries((jsonSchema(route.query)['properties'] as JsonObject) ?? {}) : [];
  return {
    summary: route.summary,
    tags: ['native'],
    security: route.access === 'public' ? [] : [{ sessionCookie: [] }],
    'x-atrium-access': route.access,
    parameters: [...parameters, ...query.map(([name, schema]) => ({ name, in: 'query', required: false, schema }))],
    ...(route.body && { requestBody: { required: true, content: json(route.body) } }),
    responses: {
      [status]: { description: 'Success', ...(route.answer && { content: json(route.answer) }) },
      '4XX': { description: "The project's error envelope", content: json(errorEnvelopeSchema) },
    },
  };
}

function publicOperation(verb: PublicVerb): JsonObject {
  const request = z.object({ ...publicCredentialsSchema.shape, ...(publicRequestSchemas[verb] as z.ZodObject).shape });
  return {
    summary: `${verb} (scope ${publicVerbScopes[verb]})`,
    tags: ['developer-api'],
    requestBody: { required: true, content: json(request) },
    responses: {
      '200': { description: 'Success: always 200 with a JSON object', content: { 'application/json': { schema: { type: 'object' } } } },
      '4XX': {
        description: '401 bad or missing key, 403 missing scope, 400 bad request, 404 unknown or not this user’s, 409 not possible now',
        content: json(publicErrorSchema),
      },
    },
  };
}

/** The OpenAPI 3.1 document of both APIs, generated from the `contracts` schemas on each start. */
export function openApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of NATIVE_ROUTES) paths[openApiPath(route.path)] = { ...paths[openApiPath(route.path)], [route.method]: nativeOperation(route) };
  for (const verb of Object.keys(publicRequestSchemas) as PublicVerb[]) paths[`/api/public/${verb}`] = { post: publicOperation(verb) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atrium API',
      version,
      description: 'The native REST API (the portal, session cookie) and the Developer API compatible with Kasm Workspaces integrations (API key in the body).',
    },
    components: { securitySchemes: { sessionCookie: { type: 'apiKey', in: 'cookie', name: 'atrium_session' } } },
    paths,
  };
}
