import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

interface AddResult {
  readonly input: string;
  readonly status: 'added' | 'already_suppressed' | 'invalid';
  readonly value?: string;
  readonly kind?: string;
  readonly source?: string;
  readonly sources?: string[];
  readonly error?: string;
}

describe('a 10,000-line bulk add', () => {
  it('answers every line in order, adds the good ones and explains the bad ones', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'manager');
    const lines: string[] = [];
    const expected: AddResult['status'][] = [];
    for (let i = 0; i < ADMIN_LIMITS.addValues; i++) {
      if (i % 97 === 13) {
        lines.push(`not-an-address-${i}`);
        expected.push('invalid');
      } else if (i % 250 === 7) {
        // The same address as the line just before, in other case: one entry, the second line already suppressed.
        lines.push(`Person${i - 1}@Example.org`);
        expected.push('already_suppressed');
      } else if (i % 500 === 3) {
        lines.push(`@bulk-${i}.example`);
        expected.push('added');
      } else {
        lines.push(`person${i}@example.org`);
        expected.push('added');
      }
    }
    // Blank lines are skipped without a result.
    const body = lines.map((line, i) => (i % 1000 === 0 ? `${line}\n   ` : line)).join('\r\n');

    // Timing is measured by `npm run bench:admin`, not asserted here: a shared CI machine makes it noisy.
    const response = await call(api, token, 'POST', '/v1/suppressions', body);

    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: AddResult[] };
    expect(results).toHaveLength(lines.length);
    expect(results.map((result) => result.input)).toEqual(lines);
    expect(results.map((result) => result.status)).toEqual(expected);
    const invalid = results.filter((result) => result.status === 'invalid');
    expect(invalid.length).toBeGreaterThan(100);
    for (const result of invalid) {
      expect(result.error).toMatch(/^".*" is not a valid entry: /);
      expect(result.value).toBeUndefined();
    }
    const added = results.filter((result) => result.status === 'added');
    expect(new Set(added.map((result) => result.source))).toEqual(new Set(['admin']));
    expect(results.find((result) => result.input === '@bulk-3.example')).toMatchObject({
      value: '@bulk-3.example',
      kind: 'domain',
    });
    expect(results[7]).toMatchObject({ value: 'person6@example.org', sources: ['admin'] });

    // What was stored matches what was answered: check a spread of the added values through the API.
    const check = await call(api, token, 'POST', '/v1/suppressions/check', {
      values: added.filter((_, i) => i % 20 === 0).map((result) => result.value),
    });
    const checked = (await check.json()) as { results: { suppressed: boolean }[] };
    expect(checked.results).toHaveLength(Math.ceil(added.length / 20));
    expect(checked.results.every((result) => result.suppressed)).toBe(true);

    const again = await call(api, token, 'POST', '/v1/suppressions', body);
    const repeated = (await again.json()) as { results: AddResult[] };
    expect(repeated.results.filter((result) => result.status === 'added')).toEqual([]);
  }, 120_000);

  it('refuses more than 10,000 values before writing anything', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'admin');
    const body = Array.from({ length: ADMIN_LIMITS.addValues + 1 }, (_, i) => `over${i}@example.com`).join(
      '\n',
    );
    const response = await call(api, token, 'POST', '/v1/suppressions', body);
    expect(response.status).toBe(413);
    const { error } = await response.json();
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain('POST /v1/imports');
    const list = await call(api, token, 'GET', '/v1/suppressions');
    expect((await list.json()).items).toEqual([]);
  });
});
