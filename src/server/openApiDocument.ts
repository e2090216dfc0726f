import type { RouteOptions } from 'fastify';

type Schema = Record<string, unknown>;

/**
 * An OpenAPI 3.0 document built from the routes' own schemas (collected by an onRoute hook as
 * they are registered): paths, parameters from `params`/`querystring`, request media types from
 * `consumes`, responses from `response` (JSON bodies) or `produces` (downloads). Small on
 * purpose: it says what the validators and serialisers enforce, nothing more.
 */
export function openApiDocument(routes: readonly RouteOptions[], version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of routes) {
    const schema = route.schema as Schema | undefined;
    if (!schema || schema.hide) continue;
    const url = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) {
      (paths[url] ??= {})[method.toLowerCase()] = operation(schema);
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'packreg',
      version,
      description: 'Bulk registration of support packs. Every /v1 route needs `Authorization: Bearer <token>` (`packreg token create --reseller CODE`); a reseller only ever sees its own imports and applications (others\' are 404).',
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

function operation(schema: Schema): Schema {
  const parameters = [
    ...parametersOf(schema.params as Schema | undefined, 'path'),
    ...parametersOf(schema.querystring as Schema | undefined, 'query'),
  ];
  const produces = schema.produces as string[] | undefined;
  const responses: Record<string, Schema> = {};
  for (const [status, body] of Object.entries((schema.response as Record<string, Schema>) ?? {})) {
    const { description, ...rest } = body;
    const binary = rest.format === 'binary' && produces;
    responses[status] = {
      description: String(description ?? (Number(status) < 400 ? 'OK' : 'Error')),
      content: binary
        ? Object.fromEntries(produces.map((m) => [m, { schema: { type: 'string', format: 'binary' } }]))
        : { 'application/json': { schema: rest } },
    };
  }
  const consumes = schema.consumes as string[] | undefined;
  return {
    summary: schema.summary,
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    ...(schema.security ? { security: schema.security } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(consumes
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(consumes.map((m) => [m, {
              schema: m === 'multipart/form-data'
                ? { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } }
                : { type: 'string', format: 'binary' },
            }])),
          },
        }
      : schema.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } }
        : {}),
    responses,
  };
}

function parametersOf(object: Schema | undefined, where: 'path' | 'query'): Schema[] {
  const properties = (object?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((object?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(description ? { description } : {}),
    schema,
  }));
}
