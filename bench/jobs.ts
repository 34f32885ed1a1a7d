/**
 * `npm run bench:jobs`: an import and a filter job of many lines, locally, through the local stand-in for Step
 * Functions (local/step-functions-runner.ts) against DynamoDB Local and the local S3 server (s3rver, in a process of
 * its own, as S3 is not the function's memory when deployed; docs/jobs.md, "Measured").
 *
 * For each size (`--lines 10000,100000`): an import of that many lines (1% invalid, 1% repeated) and a filter job of
 * that many recipients, each timed end to end (Prepare, every chunk, Finish). Prints lines a second, the peak RSS
 * of this process during the run (sampled every 20 ms) beside the bytes the job wrote to S3 (the work file and the
 * results), and the DynamoDB requests per 1,000 lines, from
 * which it projects a million lines on DynamoDB: bounded by the ~1,000 writes a second of one tenant's GSI1
 * partition (docs/jobs.md, "Concurrency and DynamoDB capacity"). DynamoDB Local is one JVM on this machine: the
 * times are an upper bound for the code, not a forecast for AWS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import { createImport } from '#app/create-import';
import { createFilterJob } from '#app/filter-jobs';
import type { Principal } from '#domain/roles';
import {
  IMPORT_LINES_PER_CHUNK,
  IMPORT_MAX_CONCURRENCY,
  JOB_KEYS,
  tenantJobPrefixes,
} from '#shared/jobs-contract';
import { wireImportSteps } from '#wiring/import-steps';
import { makeHandler } from '../functions/step/import-steps';
import { localDynamoDbClient } from '../local/clients';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ensureLocalSecrets } from '../local/keys';
import { LocalStepFunctionsRunner } from '../local/step-functions-runner';
import { ensureTable } from '../local/table';

const { values: flags } = parseArgs({
  options: { lines: { type: 'string', default: '10000,100000' }, child: { type: 'boolean', default: false } },
});
const SIZES = flags.lines.split(',').map(Number);
const TABLE = 'quietlist-bench-jobs';
/** One tenant's GSI1 partition takes about this many writes a second; every added value is one (docs/jobs.md). */
const PARTITION_WRITES_PER_SECOND = 1_000;

// Step logs would drown the table; the bench reads its own measurements.
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

type Row = Awaited<ReturnType<typeof runSize>>[number];

/** Each size in a process of its own, so one size's peak memory is never another's left-over heap. */
if (!flags.child) {
  const rows: Row[] = [];
  for (const lines of SIZES) {
    const output = execFileSync(
      process.execPath,
      [...process.execArgv, process.argv[1] as string, '--child', '--lines', String(lines)],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      },
    );
    const last = output.trim().split('\n').at(-1) ?? '[]';
    rows.push(...(JSON.parse(last) as Row[]));
  }
  printTable(rows);
} else {
  console.log(JSON.stringify(await runSize(SIZES[0] as number)));
}

/** s3rver in a child process (bench/s3-server.ts): its memory is not the measured process's. */
async function startS3Process(): Promise<{ endpoint: string; bucket: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(import.meta.dirname, 's3-server.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { endpoint, bucket } = JSON.parse(line.toString('utf8').split('\n')[0] as string) as {
    endpoint: string;
    bucket: string;
  };
  return {
    endpoint,
    bucket,
    stop: async () => {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

async function runSize(size: number) {
  const dynamoDb = await startDynamoDbLocal();
  let stopS3: (() => Promise<void>) | undefined;
  try {
    const client = localDynamoDbClient(dynamoDb.endpoint);
    await ensureTable(client, TABLE);
    client.destroy();
    // Calls by command, and nothing kept of them: bench/counting-client.ts keeps every input, which would grow.
    let counts = { calls: {} as Record<string, number> };
    const plain = createDocumentClient({ endpoint: dynamoDb.endpoint });
    const doc = Object.create(plain) as typeof plain;
    const send = plain.send.bind(plain) as (command: unknown) => Promise<unknown>;
    doc.send = ((command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      counts.calls[name] = (counts.calls[name] ?? 0) + 1;
      return send(command);
    }) as typeof plain.send;
    const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-bench-jobs-'));
    const { keyringFile } = await ensureLocalSecrets(secretsDir);
    const s3 = await startS3Process();
    stopS3 = s3.stop;
    const s3Client = createS3Client({ endpoint: s3.endpoint });
    const objects = new S3ObjectStore(s3Client, s3.bucket);
    /**
     * The bytes stored under the tenant's job prefixes. ListObjects (version 1), paged by marker: s3rver fails a
     * truncated V2 listing (see S3ObjectStore.listKeys).
     */
    const storedBytes = async (tenantId: string): Promise<number> => {
      let total = 0;
      for (const prefix of tenantJobPrefixes(tenantId)) {
        let marker: string | undefined;
        do {
          const page = await s3Client.send(
            new ListObjectsCommand({
              Bucket: s3.bucket,
              Prefix: prefix,
              ...(marker ? { Marker: marker } : {}),
            }),
          );
          for (const object of page.Contents ?? []) total += object.Size ?? 0;
          marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined;
        } while (marker);
      }
      return total;
    };
    const config = {
      tableName: TABLE,
      keysSource: `file:${keyringFile}`,
      dynamoDbEndpoint: dynamoDb.endpoint,
      documentClient: doc,
      publicBaseUrl: 'http://127.0.0.1:3000',
      objects,
    };
    const steps = makeHandler(wireImportSteps(config));
    const runner = new LocalStepFunctionsRunner((event, context: Context) => steps(event, context), objects);
    const jobs = new DynamoDbImportJobRepository(doc, TABLE);

    const measure = async (label: string, lines: number, start: (tenantId: string) => Promise<string>) => {
      const tenantId = `bench-${label.replace(/\W/g, '')}-${lines}-${Date.now()}`;
      const key = await start(tenantId);
      const storedBefore = await storedBytes(tenantId);
      global.gc?.();
      counts = { calls: {} };
      let peak = process.memoryUsage().rss;
      let peakHeap = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const memory = process.memoryUsage();
        peak = Math.max(peak, memory.rss);
        peakHeap = Math.max(peakHeap, memory.heapUsed);
      }, 20);
      // What the run holds, not what the collector has yet to free: the heap after a full collection, each second.
      let peakLive = process.memoryUsage().heapUsed;
      const liveSampler = setInterval(() => {
        global.gc?.();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }, 1000);
      const started = performance.now();
      const outcome = await runner.run(key);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      clearInterval(liveSampler);
      if (outcome.status !== 'succeeded')
        throw new Error(`${label} of ${lines} lines failed: ${outcome.error}`);
      const stored = (await storedBytes(tenantId)) - storedBefore;
      const perThousand = (name: string) => (((counts.calls[name] ?? 0) * 1000) / lines).toFixed(1);
      return {
        label,
        lines,
        seconds,
        perSecond: lines / seconds,
        peakRssMb: peak / 2 ** 20,
        peakHeapMb: peakHeap / 2 ** 20,
        peakLiveMb: peakLive / 2 ** 20,
        storedMb: stored / 2 ** 20,
        transactions: perThousand('TransactWriteCommand'),
        batchGets: perThousand('BatchGetCommand'),
        other: (
          ((Object.values(counts.calls).reduce((a, b) => a + b, 0) -
            (counts.calls.TransactWriteCommand ?? 0) -
            (counts.calls.BatchGetCommand ?? 0)) *
            1000) /
          lines
        ).toFixed(1),
      };
    };

    const principal = (tenantId: string): Principal => ({
      tenantId,
      userId: 'bench',
      role: 'admin',
      type: 'person',
    });
    const rows = [];
    for (const lines of [size]) {
      rows.push(
        await measure('import', lines, async (tenantId) => {
          const { importId } = await createImport({ jobs, objects })({
            principal: principal(tenantId),
            mode: 'add',
            fileName: 'bench.txt',
            at: new Date(),
          });
          const file = Array.from({ length: lines }, (_, i) =>
            i % 100 === 50
              ? `not an address ${i}`
              : i % 100 === 51
                ? `person.${i - 1}@example.org`
                : `person.${i}@example.org`,
          ).join('\n');
          const key = JOB_KEYS.upload(tenantId, importId);
          await objects.write(key, file, 'text/plain');
          return key;
        }),
      );
      rows.push(
        await measure('filter job', lines, async (tenantId) => {
          const { jobId } = await createFilterJob({ jobs, objects })({
            principal: principal(tenantId),
            spec: {
              campaignId: 'bench',
              category: 'marketing',
              channels: ['email'],
              template: { html: '[[unsubscribe_link]] [[postal_address]]' },
            },
            at: new Date(),
          });
          const file = Array.from({ length: lines }, (_, i) =>
            JSON.stringify({ contactId: `c${i}`, email: `person.${i}@example${i % 2000}.org` }),
          ).join('\n');
          const key = JOB_KEYS.upload(tenantId, jobId);
          await objects.write(key, file, 'text/plain');
          return key;
        }),
      );
    }

    return rows;
  } finally {
    await stopS3?.();
    await dynamoDb.stop();
  }
}

function printTable(rows: Row[]) {
  console.log(
    `\nJobs through the local runner (${IMPORT_LINES_PER_CHUNK} lines a chunk, ${IMPORT_MAX_CONCURRENCY} in flight), DynamoDB Local:\n`,
  );
  console.log(
    '| job | lines | seconds | lines/s | peak RSS | peak heap | peak live heap (after a full GC, each second) | written to S3 | transactions / 1k lines | BatchGetItem / 1k | other calls / 1k |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${row.lines.toLocaleString('en')} | ${row.seconds.toFixed(1)} | ${Math.round(row.perSecond).toLocaleString('en')} | ${row.peakRssMb.toFixed(0)} MB | ${row.peakHeapMb.toFixed(0)} MB | ${row.peakLiveMb.toFixed(0)} MB | ${row.storedMb.toFixed(1)} MB | ${row.transactions} | ${row.batchGets} | ${row.other} |`,
    );
  }
  const largestImport = rows.filter((row) => row.label === 'import').at(-1);
  if (largestImport) {
    const writeBound = 1_000_000 / PARTITION_WRITES_PER_SECOND;
    console.log(
      `\nA million-line import on DynamoDB: ${Math.round(Number(largestImport.transactions) * 1000).toLocaleString('en')} ` +
        `TransactWriteItems and ${Math.round(Number(largestImport.batchGets) * 1000).toLocaleString('en')} BatchGetItem calls ` +
        `(measured per line), ${Math.ceil(1_000_000 / IMPORT_LINES_PER_CHUNK)} chunks; at one tenant's ~${PARTITION_WRITES_PER_SECOND.toLocaleString('en')} ` +
        `GSI1 writes a second it takes at least ~${Math.round(writeBound / 60)} minutes, whatever the concurrency.`,
    );
  }
}
