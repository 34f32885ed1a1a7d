import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How esbuild bundles every function (ServiceFunction): one ESM file for Node.js 24, minified, with a source map
 * beside it and every dependency inside, the AWS SDK included. Kept apart from the construct so that
 * `npm run bench:bundles` builds and measures exactly what gets deployed. Why each setting: docs/decisions.md,
 * "Lambda bundles".
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  // The map without the sources' text: logged errors still point at the original files and lines
  // (shared/lambda/original-stack.ts), and the map shrinks from ~3.5 MB to under 1 MB.
  sourcesContent: false,
  target: 'node24',
  // ESM bundles need `require` for the few CommonJS dependencies that call it.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Nothing external, the AWS SDK included: CDK's default would leave @aws-sdk/* to the runtime's copy, whose
  // version is not the one our tests ran, which need not hold lib-dynamodb, and which loaded slower, file by file,
  // than the bundled SDK.
  externalModules: [],
  // The ES module build of packages that ship both (the AWS SDK's dist-es), which esbuild can tree-shake; the
  // default for the node platform, `main` first, takes their CommonJS build whole.
  mainFields: ['module', 'main'],
  esbuildArgs: {
    // zod's classic API without the error messages of its other languages, which `import { z } from 'zod'`
    // otherwise drags in: see infra/zod-without-locales/index.ts. Our schemas use zod/mini (shared/domain/zod.ts)
    // and no function imports classic zod since the SNS envelope left Powertools' parser (docs/decisions.md, "The
    // SNS envelope in zod/mini"); the alias stays so that a dependency that does brings English alone. Resolved in
    // the working folder, the project root.
    //
    // The SDK clients' default credential provider reduced to what Lambda uses (the environment variables, or a
    // container endpoint), without the STS, SSO and sign-in clients of the full chain: see
    // infra/lambda-credentials/index.ts.
    //
    // esbuild applies an alias to the package's subpaths too (`zod/mini` would become `…/index.ts/mini`), so the
    // subpaths the project imports (shared/domain/zod.ts: zod/mini, its English alone, and zod's core for the
    // compiled object parser) are aliased to themselves; the longest alias wins.
    '--alias': [
      'zod=./infra/zod-without-locales/index.ts',
      'zod/mini=./node_modules/zod/mini/index.js',
      'zod/v4/locales/en.js=./node_modules/zod/v4/locales/en.js',
      'zod/v4/core=./node_modules/zod/v4/core/index.js',
      '@aws-sdk/credential-provider-node=./infra/lambda-credentials/index.ts',
    ],
  },
} satisfies BundlingOptions;

/**
 * `NODE_OPTIONS` of every function: none, and in particular not `--enable-source-maps`, with which Node.js reads
 * and parses the bundle's map at every cold start (15–40 ms of each init, measured paired by the bench). The map
 * ships beside the bundle and is read on the first logged error instead (shared/lambda/original-stack.ts). The
 * bench loads bundles with these options too.
 */
export const FUNCTION_NODE_OPTIONS = '';
