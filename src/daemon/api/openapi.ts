/** The OpenAPI 3.1 document, generated from the route table (the same schemas that validate). */
import type { TSchema } from '@sinclair/typebox';
import type { RouteSpec } from './route.js';
import { ErrorBody } from './schemas.js';

export interface ExtraOperation {
  method: 'GET';
  url: string;
  summary: string;
  access: RouteSpec['access'];
  parameters?: readonly { name: string; in: 'path' | 'query'; description: string }[];
}

function openapiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parameters(where: 'path' | 'query', schema: TSchema | undefined) {
  const properties = (schema?.properties ?? {}) as Record<string, TSchema>;
  const required = new Set<string>((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

export function openApiDocument(
  prefix: string,
  routes: readonly RouteSpec[],
  extras: readonly ExtraOperation[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (method: string, url: string, operation: Record<string, unknown>) => {
    const path = `${prefix}${openapiPath(url)}`;
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = operation;
  };
  for (const spec of routes) {
    add(spec.method, spec.url, {
      summary: spec.summary,
      'x-qmon-access': spec.access,
      ...(spec.judgesEachVm ? { 'x-qmon-judges-each-vm': true } : {}),
      ...(spec.access === 'public' ? { security: [] } : {}),
      parameters: [
        ...parameters('path', spec.schema.params),
        ...parameters('query', spec.schema.querystring),
      ],
      ...(spec.schema.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: spec.schema.body } },
            },
          }
        : {}),
      responses: {
        '200': {
          description: 'done',
          ...(spec.schema.response
            ? { content: { 'application/json': { schema: spec.schema.response } } }
            : {}),
        },
        '400': errorResponse('a field is wrong: `field` names it'),
        ...(spec.access === 'public' ? {} : { '401': errorResponse('not logged in') }),
        ...(spec.access === 'public' || spec.access === 'authenticated'
          ? {}
          : { '403': errorResponse('the role may not do this') }),
      },
    });
  }
  for (const extra of extras) {
    add(extra.method, extra.url, {
      summary: extra.summary,
      'x-qmon-access': extra.access,
      ...(extra.access === 'ticket' ? { security: [] } : {}),
      parameters: (extra.parameters ?? []).map((parameter) => ({
        ...parameter,
        required: true,
        schema: { type: 'string' },
      })),
      responses: { '200': { description: 'done' }, '401': errorResponse('not logged in') },
    });
  }
  return {
    openapi: '3.1.0',
    info: { title: 'qmon daemon API', version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'qmon_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
