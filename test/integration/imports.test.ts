import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '#domain/errors';
import type { Principal } from '#domain/roles';
import { JOB_KEYS, STEP_RETRY } from '#shared/jobs-contract';
import { seedEntries } from '../support/admin-api';
import { type Jobs, listOf, startJobs, viewOf } from '../support/jobs';
import { uniqueTenant } from '../support/repositories';

let jobs: Jobs;

beforeAll(async () => {
  jobs = await startJobs();
});

afterAll(async () => {
  await jobs?.close();
});

const manager = (tenantId: string): Principal => ({
  tenantId,
  userId: 'maria',
  role: 'manager',
  type: 'person',
});

/** Every activity event of a tenant (GSI1 `T#<tenant>#ACT`), projected to the value hash. */
const eventsOf = async (tenantId: string): Promise<string[]> => {
  const hashes: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await jobs.services.doc.send(
      new QueryCommand({
        TableName: jobs.services.config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#ACT` },
        ProjectionExpression: 'valueHash',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) hashes.push(String(item.valueHash));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return hashes;
};

const entriesOf = async (tenantId: string): Promise<number> => {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await jobs.services.doc.send(
      new QueryCommand({
        TableName: jobs.services.config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#SUP` },
        Select: 'COUNT',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
};

interface Row {
  readonly line: string;
  readonly input: string;
  readonly status: string;
  readonly value: string;
  readonly kind: string;
  readonly reason: string;
}

const resultRows = async (tenantId: string, importId: string): Promise<Row[]> =>
  parse((await jobs.text(JOB_KEYS.result(tenantId, importId))) ?? '', { columns: true }) as Row[];

describe('an import of 20,000 lines', () => {
  it('counts every line exactly and writes a result row for each, in line order', async () => {
    const tenantId = uniqueTenant();
    const seeded: string[] = [];
    for (let i = 0; i < 20_000; i++) if (i % 40 === 11) seeded.push(`seeded${i}@example.net`);
    await seedEntries(
      jobs.services,
      tenantId,
      seeded.map((value) => ({ value, kind: 'email', source: 'link', at: new Date('2026-01-01T00:00:00Z') })),
    );

    // A CSV with a BOM and CRLF line ends; the first matching column (`Email`, the second) is the one taken.
    const lines = ['\uFEFFname,Email,value'];
    const expected = new Map<number, string>([[1, 'skipped']]);
    for (let i = 0; i < 20_000; i++) {
      const line = i + 2;
      if (i % 100 === 5) {
        lines.push(`x,not-an-address-${i},y`);
        expected.set(line, 'invalid');
      } else if (i % 250 === 7) {
        lines.push(`"Doe, Jane",PERSON${i - 1}@Example.org,y`);
        expected.set(line, 'already_suppressed');
      } else if (i % 40 === 11) {
        lines.push(`x,seeded${i}@example.net,y`);
        expected.set(line, 'already_suppressed');
      } else if (i % 1000 === 999) {
        lines.push('x,,y');
        expected.set(line, 'skipped');
      } else {
        lines.push(`x,person${i}@example.org,y`);
        expected.set(line, 'added');
      }
    }
    const count = (status: string) => [...expected.values()].filter((value) => value === status).length;

    const { importId, key } = await jobs.create(manager(tenantId), 'add', 'legacy-list.csv');
    expect((await viewOf(jobs, tenantId, importId)).status).toBe('waiting_for_upload');
    await jobs.objects.write(key, `${lines.join('\r\n')}\r\n`, 'text/csv');
    const outcome = await jobs.runner().run(key);

    expect(outcome).toMatchObject({ status: 'succeeded' });
    const view = await viewOf(jobs, tenantId, importId);
    expect(view.status).toBe('succeeded');
    expect(view.counts).toEqual({
      lines: 20_001,
      added: count('added'),
      already_suppressed: count('already_suppressed'),
      invalid: count('invalid'),
      skipped: count('skipped'),
    });
    expect(view.results?.url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    // The presigned GET itself, as a caller would fetch it.
    const download = await fetch(view.results?.url ?? '');
    expect(download.status).toBe(200);
    expect((await download.text()).split('\n')[0]).toBe('line,input,status,value,kind,reason');
    const rows = await resultRows(tenantId, importId);
    expect(rows.map((row) => Number(row.line))).toEqual([...expected.keys()]);
    expect(rows.map((row) => row.status)).toEqual([...expected.values()]);
    expect(rows[1]).toMatchObject({
      line: '2',
      input: 'person0@example.org',
      value: 'person0@example.org',
      kind: 'email',
    });
    expect(rows.find((row) => row.status === 'invalid')?.reason).toMatch(/not-an-address|@/);
    // One event per added value, and one per seeded value the import's source joined (its answer says it was
    // already blocked, as the bulk add's does); the seeding itself wrote one more event, for the first seed.
    const events = await eventsOf(tenantId);
    expect(events).toHaveLength(count('added') + seeded.length + 1);
    expect(new Set(events).size).toBe(count('added') + seeded.length);
    expect(await entriesOf(tenantId)).toBe(count('added') + seeded.length);
  }, 300_000);
});

describe('a chunk retried after a fault', () => {
  it('leaves exactly one event per value and the same counts, and a re-run changes nothing', async () => {
    const tenantId = uniqueTenant();
    const values = Array.from({ length: 1_200 }, (_, i) => `retry${i}@example.org`);
    // A duplicate within the first chunk, and one across chunks.
    const file = [
      ...values.slice(0, 10),
      'RETRY3@example.org',
      ...values.slice(10),
      'retry5@example.org',
    ].join('\n');
    const { importId, key } = await jobs.create(manager(tenantId), 'add');
    await jobs.objects.write(key, file, 'text/csv');
    let faults = 0;
    // The fault: the first write of the first chunk commits half its values, then the table "fails".
    const runner = jobs.runner((suppressions) => ({
      batchGetSuppressions: (keys, options) => suppressions.batchGetSuppressions(keys, options),
      addSuppressions: async (commands, options) => {
        if (faults === 0) {
          faults += 1;
          await suppressions.addSuppressions(commands.slice(0, Math.floor(commands.length / 2)), options);
          throw new UnavailableError('injected: the table stopped answering after half the chunk');
        }
        return suppressions.addSuppressions(commands, options);
      },
    }));

    expect(await runner.run(key)).toMatchObject({ status: 'succeeded' });
    expect(faults).toBe(1);
    const expectedCounts = { lines: 1_202, added: 1_200, already_suppressed: 2, invalid: 0, skipped: 0 };
    expect((await viewOf(jobs, tenantId, importId)).counts).toEqual(expectedCounts);
    const rows = await resultRows(tenantId, importId);
    // Line 11 repeats line 4 in the same chunk: always the later one. Lines 6 and 1202 are in chunks that run
    // concurrently: whichever commits second is the one already suppressed, and exactly one of them is.
    const already = rows.filter((row) => row.status === 'already_suppressed').map((row) => row.line);
    expect(already).toHaveLength(2);
    expect(already).toContain('11');
    expect(already.filter((line) => line === '6' || line === '1202')).toHaveLength(1);
    const events = await eventsOf(tenantId);
    expect(events).toHaveLength(1_200);
    expect(new Set(events).size).toBe(1_200);

    // The whole job again (a re-run of the execution): every chunk is recorded, so nothing is written twice.
    expect(await jobs.runner().run(key)).toMatchObject({ status: 'succeeded' });
    expect((await viewOf(jobs, tenantId, importId)).counts).toEqual(expectedCounts);
    expect(await eventsOf(tenantId)).toHaveLength(1_200);
  }, 120_000);

  it("fails the import, naming the chunk's error, when a chunk's every retry fails (no unchecked answer for an import)", async () => {
    const tenantId = uniqueTenant();
    const { importId, key } = await jobs.create(manager(tenantId), 'add');
    await jobs.objects.write(
      key,
      Array.from({ length: 600 }, (_, i) => `down${i}@example.org`).join('\n'),
      'text/csv',
    );
    let attempts = 0;
    // The second chunk's writes never succeed; the first chunk's do.
    const runner = jobs.runner((suppressions) => ({
      batchGetSuppressions: (keys, options) => suppressions.batchGetSuppressions(keys, options),
      addSuppressions: async (commands, options) => {
        if (commands.some((command) => JSON.stringify(command).includes('down599@'))) {
          attempts += 1;
          throw new UnavailableError('injected: the table does not answer');
        }
        return suppressions.addSuppressions(commands, options);
      },
    }));
    expect(await runner.run(key)).toMatchObject({ status: 'failed' });
    expect(attempts).toBe(STEP_RETRY.maxAttempts);
    const view = await viewOf(jobs, tenantId, importId);
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/the chunk from line 501 failed: injected: the table does not answer/);
    expect(view.counts).toMatchObject({ lines: 500, added: 500 });
  }, 120_000);
});

describe('check mode', () => {
  it('answers per line whether it is blocked and by what, and writes nothing', async () => {
    const tenantId = uniqueTenant();
    await seedEntries(jobs.services, tenantId, [
      { value: 'blocked@example.org', kind: 'email', source: 'bounce', at: new Date('2026-01-01T00:00:00Z') },
      { value: '@competitor.com', kind: 'domain', source: 'admin', at: new Date('2026-01-01T00:00:00Z') },
    ]);
    const before = { entries: await entriesOf(tenantId), events: await eventsOf(tenantId) };
    const { importId, key } = await jobs.create(manager(tenantId), 'check');
    await jobs.objects.write(
      key,
      'blocked@example.org\nfree@example.org\nsam@competitor.com\n???\n\n',
      'text/csv',
    );

    expect(await jobs.runner().run(key)).toMatchObject({ status: 'succeeded' });
    expect((await viewOf(jobs, tenantId, importId)).counts).toEqual({
      lines: 5,
      added: 0,
      already_suppressed: 0,
      invalid: 1,
      skipped: 1,
      blocked: 2,
      not_blocked: 1,
    });
    const rows = await resultRows(tenantId, importId);
    expect(rows.map((row) => row.status)).toEqual([
      'blocked',
      'not_blocked',
      'blocked',
      'invalid',
      'skipped',
    ]);
    expect(rows[0]?.reason).toContain('bounce');
    expect(rows[2]?.reason).toContain('@competitor.com');
    expect(await entriesOf(tenantId)).toBe(before.entries);
    expect(await eventsOf(tenantId)).toEqual(before.events);
  });
});

describe('a file the job cannot read', () => {
  it.each([
    [
      'not text',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]),
      /not UTF-8 text/,
    ],
    [
      'text with a NUL',
      Buffer.from('a@example.org\n\u0000\u0001\u0002\n'),
      /not text \(a NUL byte on line 2\)/,
    ],
    ['empty', Buffer.alloc(0), /the file is empty/],
    ['only a header', Buffer.from('email\r\n\r\n'), /no value/],
  ])('fails the job with a clear error: %s', async (_name, body, error) => {
    const tenantId = uniqueTenant();
    const { importId, key } = await jobs.create(manager(tenantId), 'add');
    await jobs.objects.write(key, body, 'text/csv');
    expect(await jobs.runner().run(key)).toMatchObject({ status: 'failed' });
    const view = await viewOf(jobs, tenantId, importId);
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(error);
    expect(view.results).toBeUndefined();
  });
});

describe('the import routes', () => {
  const call = async (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${jobs.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('create an import for a manager, hide it from another tenant, and list it newest first', async () => {
    const tenantA = uniqueTenant();
    const tenantB = uniqueTenant();
    const a = await jobs.credential(tenantA, 'manager');
    const b = await jobs.credential(tenantB, 'admin');

    const created = await call(a, 'POST', '/v1/imports', {
      mode: 'add',
      source: 'legacy',
      fileName: 'old.csv',
    });
    expect(created.status).toBe(201);
    const { importId, upload } = (await created.json()) as {
      importId: string;
      upload: { url: string; method: string };
    };
    expect(upload.method).toBe('PUT');
    expect(upload.url).toContain(`uploads/${tenantA}/${importId}`);
    const second = (await (
      await call(a, 'POST', '/v1/imports', { mode: 'check', fileName: 'b.csv' })
    ).json()) as {
      importId: string;
    };

    expect((await call(b, 'GET', `/v1/imports/${importId}`)).status).toBe(404);
    expect((await call(a, 'GET', '/v1/imports/not-an-id')).status).toBe(404);
    const mine = await call(a, 'GET', `/v1/imports/${importId}`);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      importId,
      mode: 'add',
      source: 'legacy',
      status: 'waiting_for_upload',
    });
    const list = (await (await call(a, 'GET', '/v1/imports')).json()) as { items: { importId: string }[] };
    expect(list.items.map((item) => item.importId)).toEqual([second.importId, importId]);
    expect((await listOf(jobs, tenantB)).items).toEqual([]);
  });

  it('take the file through the presigned PUT and give the results through the presigned GET', async () => {
    const tenantId = uniqueTenant();
    const token = await jobs.credential(tenantId, 'manager');
    const created = await call(token, 'POST', '/v1/imports', { mode: 'add', fileName: 'mine.csv' });
    const { importId, upload } = (await created.json()) as {
      importId: string;
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    const uploaded: string[] = [];
    jobs.s3.onObjectCreated((key) => uploaded.push(key));
    const put = await fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: 'email\r\nsam@example.org\r\nnope\r\n',
    });
    expect(put.status).toBe(200);
    // The local S3 server's event names the upload, as S3's does for the state machine.
    const key = `uploads/${tenantId}/${importId}`;
    expect(uploaded).toContain(key);
    expect(await jobs.runner().run(key)).toMatchObject({ status: 'succeeded' });
    const view = (await (await call(token, 'GET', `/v1/imports/${importId}`)).json()) as {
      counts: Record<string, number>;
      results: { url: string };
    };
    expect(view.counts).toMatchObject({ lines: 3, added: 1, invalid: 1, skipped: 1 });
    const rows = await (await fetch(view.results.url)).text();
    expect(rows.split('\n').slice(0, 3)).toEqual([
      'line,input,status,value,kind,reason',
      '1,email,skipped,,,header',
      '2,sam@example.org,added,sam@example.org,email,',
    ]);
    expect(rows.split('\n')[3]).toMatch(/^3,nope,invalid,,,/);
  });

  it('refuse a viewer, another caller kind as source, and a bad body, naming why', async () => {
    const tenantId = uniqueTenant();
    const viewer = await jobs.credential(tenantId, 'viewer');
    expect((await call(viewer, 'POST', '/v1/imports', { mode: 'add', fileName: 'a.csv' })).status).toBe(403);
    const manager = await jobs.credential(tenantId, 'manager');
    const wrongSource = await call(manager, 'POST', '/v1/imports', {
      mode: 'add',
      source: 'api',
      fileName: 'a.csv',
    });
    expect(wrongSource.status).toBe(400);
    expect(await wrongSource.text()).toMatch(/source .*api.* is not yours/);
    const badMode = await call(manager, 'POST', '/v1/imports', { mode: 'merge', fileName: 'a.csv' });
    expect(badMode.status).toBe(400);
    expect(await badMode.text()).toContain('mode');
  });
});
