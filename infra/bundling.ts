import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How esbuild bundles every function (ServiceFunction): one ESM file for Node.js 24, minified, with a source map
 * beside it and every dependency inside, the AWS SDK included. Kept apart from the construct so that
 * `npm run bench:bundles` builds and measures exactly what gets deployed.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  target: 'node24',
  // ESM bundles need `require` for the few CommonJS dependencies that call it.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Nothing external, the AWS SDK included: CDK's default would leave @aws-sdk/* to the runtime's copy.
  externalModules: [],
} satisfies BundlingOptions;

/**
 * `NODE_OPTIONS` of every function: the bundle is minified, so stack traces are only readable through its source
 * map. It may change how long a bundle takes to load, so the bench loads bundles with it too.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
