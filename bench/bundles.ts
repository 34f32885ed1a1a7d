/**
 * `npm run bench:bundles`: what each Lambda bundle weighs, what fills it, and how long Node.js takes to load it:
 * the part of a cold start that the code, not AWS, decides.
 *
 * Builds every function the stacks deploy with the construct's own bundling options (infra/bundling.ts), handed
 * to esbuild's JS API the way CDK's NodejsFunction hands them to the esbuild CLI, plus a metafile. Per bundle:
 * size, gzip size, and the five largest contributors to the output (npm packages by name, project files by
 * folder). Then imports each bundle, a minimal handler built the same way, and three floor handlers (the DynamoDB
 * document client that every function needs, with no code of ours, alone and wrapped by Powertools' tracer, and
 * the DynamoDB client under it without the document client's marshalling) in
 * fresh Node.js processes with the functions' NODE_OPTIONS (median of 5 per bundle), and prints a markdown table
 * beside the targets of issue #16: the filter and the unsubscribe page at most 250 KB and a module init of at most
 * 40 ms; every other function at most 500 KB. A figure over its target is reported, not an error. KB are 1,024
 * bytes. Writes bench/results/bundles.json. Flags: `--runs N` (default 5), `--keep` (keep the bundles and metafiles
 * and print where).
 *
 * Module init, the figure the 40 ms target is checked on: from the `import()` of the bundle, inside a fresh
 * Node.js 24 process, to the module evaluated and its `handler` a function; Node's own start is excluded; median of
 * the runs. Printed beside it: the CPU time the process spent in that import (less sensitive than the wall clock
 * to other work on the machine, though not immune), the time from the process's start to the same point, and, for
 * the functions with the 40 ms target, the module init with `--enable-source-maps` (which the functions no longer
 * set), imported in the same rounds, so that what reading the source map at load would cost is a paired figure. The load averages at the start and the end are
 * printed: on a shared machine, read the init figures with them.
 *
 * The bundles are written under node_modules/.cache/quietlist-bundles/, inside the repository, so that modules the
 * bundling leaves external (FUNCTION_BUNDLING.externalModules) resolve from the repository's node_modules when a
 * bundle is imported, as they would from the runtime's copy in Lambda: their loading is then part of the init
 * figures, though not of the sizes, and the output says so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, version as esbuildVersion, type Metafile } from 'esbuild';
import { PARTNER_ADMIN_ROUTES } from '#shared/admin-api-contract';
import { FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS } from '../infra/bundling';
import { median } from './stats';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } },
});
const RUNS = Math.max(1, Number(flags.runs));
const KB = 1024;
/** The two functions someone waits on: a campaign pipeline (the filter) and a recipient's click (the page). */
const TIGHT_SIZE_TARGETS: Readonly<Record<string, number>> = {
  'functions/invoke/filter.ts': 250 * KB,
  'functions/http/unsubscribe-page.ts': 250 * KB,
};
const SIZE_TARGET = 500 * KB;
/** Module init (see the header) of the same two functions, issue #16. */
const INIT_TARGET_MS = 40;
/** What the functions no longer set: Node.js reading the bundle's source map while it loads it. */
const SOURCE_MAPS_AT_LOAD = '--enable-source-maps';
const TOP_CONTRIBUTORS = 5;

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const benchStarted = performance.now();
const loadAtStart = loadavg();

// --- which functions -------------------------------------------------------------------------------------

const filesUnder = async (folder: string): Promise<string[]> =>
  (await readdir(join(repositoryRoot, folder), { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file.split('\\').join('/')}`);

/**
 * The functions the stacks deploy: every literal `entry: '…'` under infra/ (one per ServiceFunction), plus the
 * partner routes that AdminApiStack mounts from PARTNER_ADMIN_ROUTES when their handler exists, as it does.
 * Read from the source because a synth would bundle every function once more through CDK, for a list.
 */
const deployedEntries = async (): Promise<string[]> => {
  const entries = new Set<string>();
  for (const file of await filesUnder('infra')) {
    const source = await readFile(join(repositoryRoot, file), 'utf8');
    for (const [, entry] of source.matchAll(/\bentry:\s*['"]([^'"]+\.ts)['"]/g)) {
      if (entry) entries.add(entry);
    }
  }
  for (const route of PARTNER_ADMIN_ROUTES) {
    if (existsSync(join(repositoryRoot, route.entry))) entries.add(route.entry);
  }
  return [...entries].sort();
};

/** Handler files that no scanned entry names: an entry given some other way than a literal would hide here. */
const unmeasuredHandlers = async (entries: readonly string[]): Promise<string[]> => {
  const handlers: string[] = [];
  for (const file of await filesUnder('functions')) {
    if (entries.includes(file)) continue;
    const source = await readFile(join(repositoryRoot, file), 'utf8');
    if (/^export const handler\b/m.test(source)) handlers.push(file);
  }
  return handlers;
};

// --- building --------------------------------------------------------------------------------------------

/** Options that change the bundle but that {@link esbuildOptions} does not translate: it refuses them. */
const UNTRANSLATED = [
  'loader',
  'tsconfig',
  'inject',
  'charset',
  'nodeModules',
  'preCompilation',
  'commandHooks',
] as const satisfies readonly (keyof BundlingOptions)[];

/**
 * `esbuildArgs` as esbuild JS options: only `--alias` (`name=path`, one string or an array, as CDK's
 * `toCliArgsArray` passes them); any other flag stops the bench for the same reason as {@link UNTRANSLATED}.
 */
const esbuildArgsOptions = (
  args: NonNullable<BundlingOptions['esbuildArgs']>,
): Pick<BuildOptions, 'alias'> => {
  const alias: Record<string, string> = {};
  for (const [flag, value] of Object.entries(args)) {
    if (flag !== '--alias' || typeof value === 'boolean') {
      throw new Error(`bench/bundles.ts cannot translate the esbuild argument ${flag} yet`);
    }
    for (const pair of typeof value === 'string' ? [value] : value) {
      const [name, path] = pair.split('=');
      if (!name || !path) throw new Error(`unexpected --alias value: ${pair}`);
      alias[name] = path;
    }
  }
  return Object.keys(alias).length > 0 ? { alias } : {};
};

/**
 * esbuild options for one function, translated from CDK bundling options as NodejsFunction translates them into
 * esbuild CLI flags (`buildEsbuildArgs` in aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js): bundle, node
 * platform, target, format, `index.mjs` for ESM, minify, source map, externals, banner, footer, main fields,
 * defines, `--alias` esbuild arguments, and the entry relative to the project root, which is the working folder. An option it does not
 * translate stops the bench rather than let it measure some other bundle than the deployed one.
 */
const esbuildOptions = (
  bundling: BundlingOptions,
  entryPoint: string,
  outdir: string,
): BuildOptions & { readonly outfile: string; readonly metafile: true } => {
  const untranslated = UNTRANSLATED.filter((option) => bundling[option] !== undefined);
  if (untranslated.length > 0) {
    throw new Error(
      `bench/bundles.ts cannot translate the bundling option(s) ${untranslated.join(', ')} yet`,
    );
  }
  // CDK's default externals depend on the runtime and a feature flag: the construct names them instead.
  if (bundling.externalModules === undefined) throw new Error('FUNCTION_BUNDLING must set externalModules');
  const sourceMap = bundling.sourceMapMode ?? (bundling.sourceMap ? SourceMapMode.DEFAULT : undefined);
  const esm = bundling.format === OutputFormat.ESM;
  return {
    absWorkingDir: repositoryRoot,
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'node',
    // NodejsFunction derives a missing target from the runtime, Node.js 24.
    target: bundling.target ?? 'node24',
    ...(bundling.format === undefined ? {} : { format: esm ? 'esm' : 'cjs' }),
    outfile: join(outdir, esm ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    sourcemap: sourceMap === undefined ? false : sourceMap === SourceMapMode.DEFAULT ? 'linked' : sourceMap,
    sourcesContent: bundling.sourcesContent ?? true,
    external: bundling.externalModules,
    ...(bundling.banner === undefined ? {} : { banner: { js: bundling.banner } }),
    ...(bundling.footer === undefined ? {} : { footer: { js: bundling.footer } }),
    ...(bundling.mainFields === undefined ? {} : { mainFields: bundling.mainFields }),
    ...(bundling.define === undefined ? {} : { define: bundling.define }),
    ...(bundling.esbuildArgs === undefined ? {} : esbuildArgsOptions(bundling.esbuildArgs)),
    keepNames: bundling.keepNames ?? false,
    metafile: true,
  };
};

interface Contributor {
  readonly group: string;
  readonly bytes: number;
}

/** npm packages by name (the innermost node_modules), project files by folder: `shared/app`, `functions`. */
const groupOf = (input: string): string => {
  // zod's namespaces without its other languages (infra/bundling.ts): zod's code, re-exported from our folder.
  if (input.startsWith('infra/zod-without-locales/')) return 'zod';
  const packages = input.lastIndexOf('node_modules/');
  const parts = packages >= 0 ? input.slice(packages + 'node_modules/'.length).split('/') : input.split('/');
  const [first = input, second] = parts;
  if (packages >= 0) return first.startsWith('@') && second ? `${first}/${second}` : first;
  if (first === '..') return '(outside the repository)';
  if (first === 'shared' && parts.length > 2 && second) return `shared/${second}`;
  return parts.length > 1 ? first : input;
};

/** Bytes in the output by group, largest first; what no input accounts for is the banner and esbuild's glue. */
const contributors = (output: Metafile['outputs'][string]): Contributor[] => {
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groupOf(input);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  const attributed = [...groups.values()].reduce((sum, bytes) => sum + bytes, 0);
  groups.set('(banner, esbuild glue)', output.bytes - attributed);
  return [...groups].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
};

/**
 * Families of groups, for what dominates a bundle: the AWS SDK spreads over some thirty packages, most too small
 * to make the top five, and the X-Ray SDK comes with Powertools' tracer. Their own small dependencies (bowser,
 * cls-hooked, …) stay out: the families are a floor.
 */
const FAMILIES: readonly (readonly [family: string, member: (group: string) => boolean])[] = [
  ['AWS SDK', (group) => /^@(aws-sdk|smithy|aws-crypto|aws)\//.test(group)],
  [
    'Powertools and X-Ray SDK',
    (group) => group.startsWith('@aws-lambda-powertools/') || group === 'aws-xray-sdk-core',
  ],
  ['project code', (group) => group === 'functions' || group === 'shared' || group.startsWith('shared/')],
  ['zod', (group) => group === 'zod'],
];

const families = (groups: readonly Contributor[]): Contributor[] =>
  FAMILIES.map(([family, member]) => ({
    group: family,
    bytes: groups.filter(({ group }) => member(group)).reduce((sum, { bytes }) => sum + bytes, 0),
  }));

interface Bundle {
  readonly name: string;
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  readonly contributors: readonly Contributor[];
}

/** esbuild has printed why: a stack trace would only bury it. */
class BuildFailed extends Error {}

const bundle = async (name: string, entry: string, outdir: string): Promise<Bundle> => {
  const options = esbuildOptions(FUNCTION_BUNDLING, entry, join(outdir, name.replaceAll('/', '-')));
  const { metafile } = await build(options).catch(() => {
    throw new BuildFailed(`esbuild could not build ${entry}: its errors are above`);
  });
  const file = options.outfile;
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
  await writeFile(`${file}.meta.json`, JSON.stringify(metafile));
  const code = await readFile(file);
  return {
    name,
    entry,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: existsSync(`${file}.map`) ? (await stat(`${file}.map`)).size : 0,
    contributors: contributors(output),
  };
};

// --- loading ---------------------------------------------------------------------------------------------

/**
 * Node.js 24, the functions' runtime: the `node` devDependency's binary (npm scripts put node_modules/.bin first
 * on PATH, so it usually runs this script too), else the Node.js running this script; the JSON says which.
 */
const nodeBinary =
  ['node_modules/.bin/node', 'node_modules/node/bin/node']
    .map((candidate) => join(repositoryRoot, candidate))
    .find((candidate) => existsSync(candidate)) ?? process.execPath;

/**
 * The floor handler: the client every function builds on its first invocation, and nothing else. The traced floor
 * wraps it as the functions that trace in-process do (shared/lambda/tracing.ts).
 */
const FLOOR_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
let client: DynamoDBDocumentClient | undefined;
export const handler = async () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return { statusCode: 200 };
};
`;
/**
 * The DynamoDB client alone, without the document client: what is left of the floor with the marshalling
 * written by hand, which the project does not do (the document client is part of the mandated stack).
 */
const CLIENT_FLOOR_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
let client: DynamoDBClient | undefined;
export const handler = async () => {
  client ??= new DynamoDBClient({});
  return { statusCode: 200 };
};
`;
const TRACED_FLOOR_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Tracer } from '@aws-lambda-powertools/tracer';
const tracer = new Tracer({ serviceName: 'floor' });
let client: DynamoDBDocumentClient | undefined;
export const handler = async () => {
  client ??= tracer.captureAWSv3Client(DynamoDBDocumentClient.from(new DynamoDBClient({})));
  return { statusCode: 200 };
};
`;

/**
 * Times one import from inside the child, so that Node's own start is left out (module init); `sinceStartMs`
 * keeps it in; `cpuMs` is the process's CPU time (user and system) over the import.
 */
const LOADER = `const cpu = process.cpuUsage();
const started = performance.now();
const loaded = await import(process.argv[2]);
const ready = performance.now();
if (typeof loaded.handler !== 'function') throw new Error('the bundle exports no handler');
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ importMs: ready - started, cpuMs: (user + system) / 1000, sinceStartMs: ready, node: process.version }));
`;

interface Load {
  readonly importMs: number;
  readonly cpuMs: number;
  readonly sinceStartMs: number;
  readonly node: string;
}

const isLoad = (value: unknown): value is Load =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Load).importMs === 'number' &&
  typeof (value as Load).cpuMs === 'number' &&
  typeof (value as Load).sinceStartMs === 'number' &&
  typeof (value as Load).node === 'string';

const run = promisify(execFile);

/**
 * One import in a fresh process, as in a new Lambda container. The environment holds only the functions'
 * NODE_OPTIONS: no AWS credentials, region or table name, since the handlers build their services on the first
 * invocation and an import that needed any of them would be a finding. External modules resolve from the bundle's
 * folder upwards, that is from the repository's node_modules.
 */
const load = async (loader: string, file: string, nodeOptions = FUNCTION_NODE_OPTIONS): Promise<Load> => {
  const { stdout } = await run(nodeBinary, [loader, pathToFileURL(file).href], {
    cwd: tmpdir(),
    env: { NODE_OPTIONS: nodeOptions },
  });
  const result: unknown = JSON.parse(stdout);
  if (!isLoad(result)) throw new Error(`unexpected answer from the loader: ${stdout}`);
  return result;
};

// --- helpers ---------------------------------------------------------------------------------------------

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const verdict = (within: boolean) => (within ? 'ok' : 'over');
const percent = (share: number) => `${Math.round(share * 100)}%`;

// --- the run ---------------------------------------------------------------------------------------------

const entries = await deployedEntries();
if (entries.length === 0) throw new Error('no `entry:` found under infra/: has the construct changed?');
for (const entry of Object.keys(TIGHT_SIZE_TARGETS)) {
  if (!entries.includes(entry)) console.warn(`warning: ${entry} has a size target but no stack deploys it`);
}
for (const handler of await unmeasuredHandlers(entries)) {
  console.warn(`warning: ${handler} exports a handler that no scanned entry names: not measured`);
}

// Inside the repository, so that external modules resolve from its node_modules (see the header).
const bundlesRoot = join(repositoryRoot, 'node_modules', '.cache', 'quietlist-bundles');
await mkdir(bundlesRoot, { recursive: true });
const outdir = await mkdtemp(join(bundlesRoot, 'run-'));
const externals = FUNCTION_BUNDLING.externalModules as readonly string[];
try {
  // The minimal handler: what the runtime, the banner and esbuild's glue cost on their own.
  const minimalEntry = join(outdir, 'minimal.ts');
  await writeFile(minimalEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  // References, not targets: what every function needs before any code of ours, the DynamoDB document client
  // (which brings Node's HTTP/TLS stack), alone and wrapped by Powertools' tracer (which brings the X-Ray SDK).
  const floorEntry = join(outdir, 'floor.ts');
  await writeFile(floorEntry, FLOOR_HANDLER);
  const tracedFloorEntry = join(outdir, 'floor-traced.ts');
  await writeFile(tracedFloorEntry, TRACED_FLOOR_HANDLER);
  const clientFloorEntry = join(outdir, 'floor-client.ts');
  await writeFile(clientFloorEntry, CLIENT_FLOOR_HANDLER);
  const loader = join(outdir, 'load.mjs');
  await writeFile(loader, LOADER);

  process.stdout.write(
    `Building ${entries.length} functions, a minimal and three floor handlers with esbuild ${esbuildVersion}… `,
  );
  const buildStarted = performance.now();
  // Settled, not Promise.all: a failed build must not leave the others writing into a folder being removed.
  const built = await Promise.allSettled([
    bundle('minimal', minimalEntry, outdir),
    bundle('floor', floorEntry, outdir),
    bundle('floor-traced', tracedFloorEntry, outdir),
    bundle('floor-client', clientFloorEntry, outdir),
    ...entries.map((entry) => bundle(entry.replace(/^functions\//, '').replace(/\.ts$/, ''), entry, outdir)),
  ]);
  const failed = built.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [minimal, floor, tracedFloor, clientFloor, ...functions] = built.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  if (!minimal || !floor || !tracedFloor || !clientFloor) throw new Error('no minimal or floor bundle');
  console.log(`${Math.round(performance.now() - buildStarted)} ms`);

  // Round-robin, after one discarded round (disk cache, the binary's first start), so that a machine busy with
  // other work slows every bundle alike. The functions with the init target are also imported with
  // --enable-source-maps in the same rounds: a paired figure of what reading the map at load costs.
  process.stdout.write(`Importing each bundle in a fresh Node.js process, ${RUNS} rounds… `);
  const targeted = functions.filter((each) => TIGHT_SIZE_TARGETS[each.entry] !== undefined);
  const imports: readonly (readonly [Bundle, string])[] = [
    ...[minimal, floor, tracedFloor, clientFloor, ...functions].map(
      (each) => [each, FUNCTION_NODE_OPTIONS] as const,
    ),
    ...targeted.map((each) => [each, SOURCE_MAPS_AT_LOAD] as const),
  ];
  const loads = new Map<string, Load[]>();
  const key = (each: Bundle, nodeOptions: string) => `${each.name}\u0000${nodeOptions}`;
  for (let pass = -1; pass < RUNS; pass++) {
    for (const [each, nodeOptions] of imports) {
      const result = await load(loader, each.file, nodeOptions);
      if (pass < 0) continue;
      const runs = loads.get(key(each, nodeOptions)) ?? [];
      runs.push(result);
      loads.set(key(each, nodeOptions), runs);
    }
  }
  const loadAtEnd = loadavg();
  const nodeVersion = loads.get(key(minimal, FUNCTION_NODE_OPTIONS))?.[0]?.node ?? 'unknown';
  console.log(`Node.js ${nodeVersion}`);
  if (!nodeVersion.startsWith('v24.'))
    console.warn(`warning: the functions run Node.js 24, not ${nodeVersion}`);

  /** Module init (median import, the target's figure), its CPU time, and process start → ready. */
  const initOf = (each: Bundle, nodeOptions = FUNCTION_NODE_OPTIONS) => {
    const runs = loads.get(key(each, nodeOptions)) ?? [];
    return {
      runsMs: runs.map((one) => round(one.importMs, 1)),
      medianMs: round(median(runs.map((one) => one.importMs)), 1),
      cpuMedianMs: round(median(runs.map((one) => one.cpuMs)), 1),
      sinceStartMedianMs: round(median(runs.map((one) => one.sinceStartMs)), 1),
    };
  };
  const reference = (each: Bundle, handler?: string) => ({
    ...(handler === undefined ? {} : { handler }),
    bytes: each.bytes,
    gzipBytes: each.gzipBytes,
    init: initOf(each),
  });
  const figures = {
    date: new Date().toISOString(),
    environment: {
      node: nodeVersion,
      nodeBinary: nodeBinary.startsWith(repositoryRoot)
        ? nodeBinary.slice(repositoryRoot.length)
        : nodeBinary,
      nodeOptions: FUNCTION_NODE_OPTIONS,
      esbuild: esbuildVersion,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadAverageAtStart: loadAtStart.map((value) => round(value, 2)),
      loadAverageAtEnd: loadAtEnd.map((value) => round(value, 2)),
    },
    bundling: FUNCTION_BUNDLING,
    runs: RUNS,
    targets: {
      bytes: SIZE_TARGET,
      tighterBytes: TIGHT_SIZE_TARGETS,
      /** Module init (median import, Node's start excluded) of the functions in `tighterBytes`. */
      moduleInitMs: INIT_TARGET_MS,
    },
    externalModules: externals,
    minimal: reference(minimal),
    floor: reference(floor, FLOOR_HANDLER),
    tracedFloor: reference(tracedFloor, TRACED_FLOOR_HANDLER),
    clientFloor: reference(clientFloor, CLIENT_FLOOR_HANDLER),
    functions: functions.map((each) => {
      const init = initOf(each);
      const targetBytes = TIGHT_SIZE_TARGETS[each.entry] ?? SIZE_TARGET;
      const initTarget = TIGHT_SIZE_TARGETS[each.entry] === undefined ? undefined : INIT_TARGET_MS;
      return {
        name: each.name,
        entry: each.entry,
        bytes: each.bytes,
        gzipBytes: each.gzipBytes,
        sourceMapBytes: each.sourceMapBytes,
        targetBytes,
        withinSizeTarget: each.bytes <= targetBytes,
        init,
        ...(initTarget === undefined
          ? {}
          : {
              initTargetMs: initTarget,
              withinInitTarget: init.medianMs <= initTarget,
              initWithSourceMaps: initOf(each, SOURCE_MAPS_AT_LOAD),
            }),
        families: families(each.contributors).map(({ group, bytes }) => ({
          family: group,
          bytes,
          share: round(bytes / each.bytes, 3),
        })),
        contributors: each.contributors.map(({ group, bytes }) => ({
          group,
          bytes,
          share: round(bytes / each.bytes, 3),
        })),
      };
    }),
    benchSeconds: 0,
  };
  figures.benchSeconds = round((performance.now() - benchStarted) / 1000);
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('./results/bundles.json', import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const referenceRow = (label: string, r: ReturnType<typeof reference>) =>
    `| ${label} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | – | ${ms(r.init.medianMs)} | ${ms(r.init.cpuMedianMs)} | – | – | ${ms(r.init.sinceStartMedianMs)} |`;
  const loadText = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
  console.log(
    [
      '',
      `Lambda bundles as deployed (esbuild ${esbuildVersion}, ${FUNCTION_BUNDLING.format}, minified); init: median of ${RUNS} imports, each in a fresh Node.js ${nodeVersion} process with NODE_OPTIONS="${FUNCTION_NODE_OPTIONS}" (the functions' own); ${availableParallelism()} cores, load average ${loadText(figures.environment.loadAverageAtStart)} at the start, ${loadText(figures.environment.loadAverageAtEnd)} at the end`,
      externals.length > 0
        ? `External, not in the sizes: ${externals.join(', ')}. The init figures include loading them, from the repository's node_modules (in Lambda: the runtime's copy).`
        : 'Nothing external: the sizes hold every dependency, the AWS SDK included.',
      '',
      '| function | size | gzip | size target | module init | its CPU time | init target | with --enable-source-maps | process start → ready |',
      '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |',
      ...figures.functions.map(
        (f) =>
          `| ${f.name} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} | ≤ ${kb(f.targetBytes)}: ${verdict(f.withinSizeTarget)} | ${ms(f.init.medianMs)} | ${ms(f.init.cpuMedianMs)} | ${f.initTargetMs === undefined ? '–' : `≤ ${f.initTargetMs} ms: ${verdict(f.withinInitTarget === true)}`} | ${f.initWithSourceMaps === undefined ? '–' : `${ms(f.initWithSourceMaps.medianMs)} (CPU ${ms(f.initWithSourceMaps.cpuMedianMs)})`} | ${ms(f.init.sinceStartMedianMs)} |`,
      ),
      referenceRow('floor: DynamoDB document client, no code of ours', figures.floor),
      referenceRow('floor + Powertools tracer (X-Ray SDK)', figures.tracedFloor),
      referenceRow('under the floor: the DynamoDB client alone, no document client', figures.clientFloor),
      referenceRow('minimal handler', figures.minimal),
      '',
      `module init: from import() of the bundle to its handler ready, inside a fresh process (Node's own start excluded), median of ${RUNS}; its CPU time: the process's user + system time over the same import; process start → ready: the same point counted from the process's start.`,
      '',
      `Largest contributors (bytes in the minified output):`,
      ...figures.functions.flatMap((f) => [
        `- ${f.name}: ${f.contributors
          .slice(0, TOP_CONTRIBUTORS)
          .map(({ group, bytes, share }) => `${group} ${kb(bytes)} (${percent(share)})`)
          .join(', ')}`,
        `  all told: ${f.families.map(({ family, bytes, share }) => `${family} ${kb(bytes)} (${percent(share)})`).join(', ')}`,
      ]),
      '',
      `bench took ${figures.benchSeconds} s; figures in bench/results/bundles.json${flags.keep ? `; bundles and metafiles in ${outdir}` : ''}`,
    ].join('\n'),
  );
} catch (error) {
  if (!(error instanceof BuildFailed)) throw error;
  console.error(`\n${error.message}`);
  process.exitCode = 1;
} finally {
  if (!flags.keep) await rm(outdir, { recursive: true, force: true });
}
