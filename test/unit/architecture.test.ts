import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** Every import, `import type` included: what a reader has to follow, and what can close a circle. */
const allImportsOf = (file: string): string[] =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(
      /^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((match) => match[1] ?? '');

const production = [...sourceFiles('shared'), ...sourceFiles('functions')];

const subpaths = Object.entries(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports: Record<string, string> })
    .imports,
);

/** The repository file an import names, or undefined for a package. */
const resolveImport = (from: string, spec: string): string | undefined => {
  let target: string | undefined;
  if (spec.startsWith('#')) {
    const match = subpaths.find(([pattern]) => spec.startsWith(pattern.replace('*', '')));
    if (!match) return undefined;
    target = join(root, match[1].replace('*', spec.slice(match[0].length - 1)));
  } else if (spec.startsWith('.')) {
    target = resolve(dirname(join(root, from)), spec);
  } else {
    return undefined;
  }
  const file = [target, `${target}.ts`].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
  return file === undefined ? undefined : relative(root, file);
};

const classesOf = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/^export class (\w+)([^{]*)\{/gm)].map((match) => ({
    name: match[1] ?? '',
    heading: match[2] ?? '',
  }));

/** Interfaces that describe a store or service a use case depends on, by the names ports take. */
const PORT_NAME =
  /^export (?:interface|type) (\w+(?:Repository|Store|Log|List|Records|Reader|Writer|Lookup))\b/gm;

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

  it('keeps adapters out of handlers: functions get use cases from their composition root', () => {
    const offenders = sourceFiles('functions').filter((file) =>
      allImportsOf(file).some((spec) => resolveImport(file, spec)?.startsWith('shared/adapters/')),
    );
    expect(offenders).toEqual([]);
  });

  it('reaches shared code only through subpath imports', () => {
    const outside = ['functions', 'local', 'infra', 'test', 'bench'].flatMap(sourceFiles);
    const offenders = outside.filter((file) =>
      allImportsOf(file).some(
        (spec) => spec.startsWith('.') && resolveImport(file, spec)?.startsWith('shared/'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('has every adapter class implement a port', () => {
    const adapters = sourceFiles('shared/adapters').flatMap((file) =>
      classesOf(file).map((declared) => ({ file, ...declared })),
    );
    expect(adapters.length).toBeGreaterThan(5);
    expect(adapters.filter((adapter) => !/\bimplements\b/.test(adapter.heading)).map((a) => a.name)).toEqual(
      [],
    );
  });

  it('declares each port once, in shared/app/ports', () => {
    const declared = sourceFiles('shared').flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(PORT_NAME)].map((match) => ({
        file,
        name: match[1] ?? '',
      })),
    );
    expect(declared.filter((port) => !port.file.startsWith('shared/app/ports/'))).toEqual([]);
    const names = declared.map((port) => port.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('has no import circle, type-only imports included', () => {
    const files = ['shared', 'functions', 'local', 'infra'].flatMap(sourceFiles);
    const graph = new Map(
      files.map((file) => [file, allImportsOf(file).flatMap((spec) => resolveImport(file, spec) ?? [])]),
    );
    const circles: string[] = [];
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (file: string, path: readonly string[]) => {
      visiting.add(file);
      for (const next of graph.get(file) ?? []) {
        if (visiting.has(next)) circles.push([...path.slice(path.indexOf(next)), file, next].join(' -> '));
        else if (!done.has(next)) visit(next, [...path, file]);
      }
      visiting.delete(file);
      done.add(file);
    };
    for (const file of files) if (!done.has(file)) visit(file, []);
    expect(circles).toEqual([]);
  });
});
