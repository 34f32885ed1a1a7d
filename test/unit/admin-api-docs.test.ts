import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_TYPE_NAMES, SOURCE_TYPES, sourcesOfType } from '#domain/source-types';
import { SOURCE_RULES, SOURCES } from '#domain/sources';
import {
  ALERT_LEVELS,
  STATS_ALERT_KINDS,
  STATS_ALERT_MINIMUM_SENDS,
  STATS_ALERT_RULES,
  type StatsAlertRule,
} from '#domain/stats-alerts';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const doc = readFileSync(join(docs, 'admin-api.md'), 'utf8');
const openapi = readFileSync(join(docs, 'openapi.yaml'), 'utf8');
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

  it('quotes the alert table: each kind, its rate, its thresholds per level and why', () => {
    for (const kind of STATS_ALERT_KINDS) {
      const rule: StatsAlertRule = STATS_ALERT_RULES[kind];
      const levels = ALERT_LEVELS.map((level) => {
        const threshold = rule.thresholds[level];
        return threshold === undefined ? '–' : `${threshold * 100} %`;
      });
      expect(rowOf(`\`${kind}\``)).toBe(
        `| \`${kind}\` | \`${rule.rate}\` | ${levels.join(' | ')} | ${rule.why} |`,
      );
    }
    expect(doc).toContain(`**${STATS_ALERT_MINIMUM_SENDS} sends**`);
    expect(openapi).toContain(`under ${STATS_ALERT_MINIMUM_SENDS} sends are not judged`);
  });

  it('gives the thresholds in docs/openapi.yaml as the table has them', () => {
    const described = openapi.slice(openapi.indexOf('    StatsAlert:'));
    for (const kind of STATS_ALERT_KINDS) {
      for (const threshold of Object.values(STATS_ALERT_RULES[kind].thresholds)) {
        expect(described).toMatch(new RegExp(`${kind} [^,]*\\b${String(threshold).replace('.', '\\.')}\\b`));
      }
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
