import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADMIN_ROUTES, PARTNER_ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';

interface Operation {
  readonly 'x-permission'?: string;
  readonly responses?: Record<string, unknown>;
  readonly parameters?: readonly { readonly $ref?: string; readonly name?: string; readonly in?: string }[];
}

const document = parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml'), 'utf8'),
) as {
  openapi: string;
  security: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.has(method))
    .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })),
);
const ROUTES = [...ADMIN_ROUTES, ...PARTNER_ADMIN_ROUTES];

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 and requires a bearer credential everywhere', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('describes exactly the routes the admin API serves, its own and its partners', () => {
    expect(operations.map(({ key }) => key).sort()).toEqual(ROUTES.map(routeKeyOf).sort());
  });

  it('names the permission each route requires, as the route table does', () => {
    for (const route of ROUTES) {
      const operation = operations.find(({ key }) => key === routeKeyOf(route));
      expect(operation?.operation['x-permission'], routeKeyOf(route)).toBe(route.permission);
    }
  });

  it('documents the authentication and role refusals of every route', () => {
    for (const { key, operation } of operations) {
      expect(Object.keys(operation.responses ?? {}), key).toEqual(
        expect.arrayContaining(['200', '401', '403']),
      );
    }
  });

  it('declares every path parameter of every templated path', () => {
    for (const { key, path, operation } of operations) {
      const declared = (operation.parameters ?? []).map((parameter) =>
        parameter.$ref ? parameter.$ref.split('/').at(-1) : parameter.name,
      );
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) expect(declared, key).toContain(name);
    }
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/([^/]+)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, section, name] of refs) {
      expect(document.components[section as string]?.[name as string], `${section}/${name}`).toBeDefined();
    }
  });
});
