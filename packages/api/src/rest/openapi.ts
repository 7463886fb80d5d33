import { SESSION_COOKIE } from '../context.ts';
import { API_VERSION } from '../domains/health/router.ts';
import { REST_OPERATIONS, type RestOperation } from './operations.ts';
import { jsonSchemaOf, objectShape, procedureInfo, takesNoInput } from './schemas.ts';

export const REST_VERSION_PATH = '/v1';

type Json = Record<string, unknown>;

const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** Properties of an object JSON schema without some keys (those that come from the path). */
function without(schema: Json, keys: string[]): Json {
  const properties = { ...(schema.properties as Record<string, Json> | undefined) };
  for (const key of keys) delete properties[key];
  const required = ((schema.required as string[] | undefined) ?? []).filter((key) => !keys.includes(key));
  return { ...schema, properties, ...(required.length ? { required } : { required: undefined }) };
}

function operationObject(operation: RestOperation): Json {
  const info = procedureInfo(operation.procedure);
  const access = info.meta?.access ?? 'authenticated';
  const inPath = pathParams(operation.path);
  const input = takesNoInput(info.input) ? null : jsonSchemaOf(info.input!, 'input');
  const inputProps = (input?.properties as Record<string, Json> | undefined) ?? {};
  const required = new Set((input?.required as string[] | undefined) ?? []);
  const parameters: Json[] = inPath.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: inputProps[name] ?? { type: 'string' },
  }));
  let requestBody: Json | undefined;
  if (input && operation.method === 'get') {
    const shape = objectShape(info.input) ?? {};
    for (const [name, schema] of Object.entries(inputProps)) {
      if (inPath.includes(name) || !shape[name]) continue;
      const isObject = schema.type === 'object';
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        schema,
        ...(isObject ? { style: 'deepObject', explode: true } : {}),
        ...(Array.isArray(schema.type) || schema.type === 'array' ? { explode: true } : {}),
      });
    }
  } else if (input) {
    requestBody = {
      required: !inPath.length || required.size > inPath.length,
      content: { 'application/json': { schema: without(input, inPath) } },
    };
  }
  return {
    operationId: operation.procedure,
    tags: [operation.tag],
    summary: operation.summary,
    description: `tRPC procedure \`${operation.procedure}\`. ${
      access === 'public'
        ? 'No sign-in needed.'
        : access === 'authenticated'
          ? 'Any signed-in user.'
          : `Needs the permission \`${access}\`.`
    }`,
    ...(access === 'public' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': {
        description: 'Success',
        content: { 'application/json': { schema: info.output ? jsonSchemaOf(info.output, 'output') : {} } },
      },
      '400': { $ref: '#/components/responses/Error' },
      ...(access === 'public' ? {} : { '401': { $ref: '#/components/responses/Error' } }),
      ...(access === 'public' || access === 'authenticated' ? {} : { '403': { $ref: '#/components/responses/Error' } }),
      ...(inPath.length ? { '404': { $ref: '#/components/responses/Error' } } : {}),
      ...(operation.method === 'post' ? { '409': { $ref: '#/components/responses/Error' } } : {}),
    },
  };
}

let cached: Json | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated from the procedures' zod schemas and meta. */
export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const operation of REST_OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'MAS REST API',
      version: API_VERSION,
      description:
        'REST access to MAS for systems that do not speak tRPC. Every operation is a tRPC procedure with the same input and output schemas, permissions and audit. Sign in with POST /auth/login ({"username","password","mode":"token"}) and send the token as "Authorization: Bearer <token>". Dates are ISO 8601 strings. FHIR R4 is served at /fhir/R4.',
    },
    servers: [{ url: `/api${REST_VERSION_PATH}` }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    tags: [...new Set(REST_OPERATIONS.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token from POST /auth/login with mode "token" (a MAS session; revoked by logout).',
        },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: "The web app's session cookie" },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['message', 'code', 'data'],
              properties: {
                message: { type: 'string', description: 'English text' },
                code: { type: 'integer', description: 'JSON-RPC error code' },
                data: {
                  type: 'object',
                  properties: {
                    code: { type: 'string', description: 'e.g. UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST' },
                    httpStatus: { type: 'integer' },
                    appError: {
                      type: ['object', 'null'],
                      description: "MAS's error code and its params (the list in @mas/shared errors.ts)",
                      properties: { code: { type: 'string' }, params: { type: 'object' } },
                    },
                    fieldErrors: { type: ['object', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        Error: {
          description: "An error: the code from MAS's list, its params and English text",
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
  return cached;
}
