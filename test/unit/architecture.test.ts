import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });

/** Runtime imports only: `import type` vanishes at build time and crosses no boundary. */
const importsOf = (file: string): string[] =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(
      /^\s*(?:import|export)(?!\s+type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((match) => match[1] ?? '');

const production = [...sourceFiles('shared'), ...sourceFiles('functions')];

describe('the architecture', () => {
  it('keeps the AWS SDK inside shared/adapters', () => {
    const offenders = production.filter(
      (file) =>
        !file.startsWith('shared/adapters/') && importsOf(file).some((spec) => spec.startsWith('@aws-sdk/')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps domain and use cases free of Lambda, middy and environment access', () => {
    const inner = production.filter(
      (file) => file.startsWith('shared/domain/') || file.startsWith('shared/app/'),
    );
    const offenders = inner.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      const imports = importsOf(file);
      return (
        /process\.env/.test(text) ||
        imports.some(
          (spec) =>
            /^(aws-lambda|@middy\/|@aws-lambda-powertools\/)/.test(spec) ||
            /\/(adapters|lambda)\//.test(spec),
        )
      );
    });
    expect(offenders).toEqual([]);
  });

  it('never scans the table in production code', () => {
    const offenders = production.filter((file) =>
      /\bScan(Command)?\b/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders.map((file) => relative(root, join(root, file)))).toEqual([]);
  });

  it('builds key strings only in the keys module', () => {
    const offenders = production.filter(
      (file) =>
        file !== 'shared/adapters/dynamodb/keys.ts' &&
        /[`'](SUP|CON|BNC|RUN|IDEM|STAT|TEN|T|C)#/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
