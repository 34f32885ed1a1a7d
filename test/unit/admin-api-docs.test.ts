import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_TYPE_NAMES, SOURCE_TYPES, sourcesOfType } from '#domain/source-types';
import { SOURCE_RULES, SOURCES } from '#domain/sources';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'admin-api.md'), 'utf8');
const rowOf = (firstCell: string): string => {
  const row = doc.split('\n').find((line) => line.startsWith(`| ${firstCell} |`));
  if (row === undefined) throw new Error(`docs/admin-api.md has no table row for ${firstCell}`);
  return row;
};

describe('docs/admin-api.md', () => {
  it('quotes the source types table: each type, its console label and its sources', () => {
    for (const type of SOURCE_TYPE_NAMES) {
      expect(rowOf(`\`${type}\``)).toBe(
        `| \`${type}\` | ${SOURCE_TYPES[type]} | ${sourcesOfType(type)
          .map((source) => `\`${source}\``)
          .join(', ')} |`,
      );
    }
  });
});

describe('SOURCE_TYPES', () => {
  it('gives every source exactly one type, so every label can be filtered by', () => {
    const typed = SOURCE_TYPE_NAMES.flatMap(sourcesOfType);
    expect([...typed].sort()).toEqual([...SOURCES].sort());
    for (const source of SOURCES) {
      expect(Object.values(SOURCE_TYPES)).toContain(SOURCE_RULES[source].label);
    }
  });

  it('keeps the console names of the SPEC: Lead = link + list_unsubscribe, User = admin, API = api, Not delivered = bounce, Abuse = spam_complaint', () => {
    expect(sourcesOfType('lead')).toEqual(['link', 'list_unsubscribe']);
    expect(sourcesOfType('user')).toEqual(['admin']);
    expect(sourcesOfType('api')).toEqual(['api']);
    expect(sourcesOfType('not_delivered')).toEqual(['bounce']);
    expect(sourcesOfType('abuse')).toEqual(['spam_complaint']);
  });
});
