import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JOB_STATUSES } from '#domain/import-job';
import { ADMIN_ROUTES, IMPORT_ROUTES, PARTNER_ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';

interface Operation {
  readonly 'x-permission'?: string;
  readonly operationId?: string;
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
// Every route on the admin API: its own, its partners' and the jobs' (mounted by the jobs stack).
const ROUTES = [...ADMIN_ROUTES, ...PARTNER_ADMIN_ROUTES, ...IMPORT_ROUTES];

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 and requires a bearer credential everywhere', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('describes exactly the routes the admin API serves: its own, its partners and the job routes', () => {
    expect(operations.map(({ key }) => key).sort()).toEqual(ROUTES.map(routeKeyOf).sort());
  });

  it('names the permission each route requires, as the route table does', () => {
    for (const route of ROUTES) {
      const operation = operations.find(({ key }) => key === routeKeyOf(route));
      expect(operation?.operation['x-permission'], routeKeyOf(route)).toBe(route.permission);
    }
  });

  it('documents the authentication and role refusals of every route, and its success', () => {
    for (const { key, operation } of operations) {
      const codes = Object.keys(operation.responses ?? {});
      expect(codes, key).toEqual(expect.arrayContaining(['401', '403']));
      // A job is created (201); everything else answers 200.
      expect(
        codes.filter((code) => code === '200' || code === '201'),
        key,
      ).toEqual(key.startsWith('POST') && /imports|filter-jobs/.test(key) ? ['201'] : ['200']);
    }
  });

  it('gives each job route its operation id, as the route table names it', () => {
    for (const route of IMPORT_ROUTES) {
      const operation = operations.find(({ key }) => key === routeKeyOf(route));
      expect(operation?.operation.operationId, routeKeyOf(route)).toBe(route.operation);
    }
  });

  it('describes the job views as the routes answer them', () => {
    const schemas = document.components.schemas as Record<
      string,
      { required?: string[]; properties?: Record<string, unknown> }
    >;
    expect(Object.keys(schemas.ImportView?.properties ?? {}).sort()).toEqual(
      [
        'importId',
        'mode',
        'source',
        'fileName',
        'note',
        'status',
        'counts',
        'createdAt',
        'startedAt',
        'finishedAt',
        'error',
        'results',
        'filesErased',
      ].sort(),
    );
    expect(Object.keys(schemas.FilterJobView?.properties ?? {})).toEqual(
      expect.arrayContaining(['jobId', 'status', 'counts', 'summary', 'unchecked', 'results', 'filesErased']),
    );
    // An erasure's mark, as `getImport` and `getFilterJob` answer it (results null beside it).
    expect(schemas.JobFilesErased?.required).toEqual(['at', 'erasureId']);
    expect((schemas.JobStatus as unknown as { enum: string[] }).enum).toEqual([...JOB_STATUSES]);
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
