import { describe, expect, it } from 'vitest';
import { settingsChangeSchema } from '#domain/tenant-settings';
import type { Topic } from '#domain/topics';
import {
  checkTopics,
  hasTopicIssues,
  moved,
  newTopicDraft,
  type TopicDraft,
  textIn,
  topicDraftOf,
  topicIssuesOf,
  topicLabel,
  topicOf,
  topicsChanged,
} from '../../console/src/lib/topics';

const draft = (change: Partial<TopicDraft>): TopicDraft => ({ ...newTopicDraft(), ...change });

describe('topic drafts', () => {
  it('round-trips every shape the API gives without a change', () => {
    const topics: Topic[] = [
      { id: 'news', name: 'News', defaultSubscribed: true },
      { id: 'offers', name: 'Offers', description: 'Deals', defaultSubscribed: false },
      { id: 'tagged', name: { en: 'Tips' }, defaultSubscribed: true },
      {
        id: 'multi',
        name: { fr: 'Actualités', en: 'News', de: 'Neuigkeiten' },
        description: { en: 'Weekly', fr: 'Chaque semaine' },
        defaultSubscribed: true,
      },
      { id: 'mixed', name: 'Plain', description: { en: 'Weekly', nl: 'Wekelijks' }, defaultSubscribed: true },
    ];
    const drafts = topics.map((topic) => topicDraftOf(topic, 'fr'));
    expect(topicsChanged(topics, drafts, 'fr')).toBe(false);
    expect(drafts.map((one) => topicOf(one, 'fr'))).toEqual(topics);
    expect(topicsChanged(topics, moved(drafts, 0, 1), 'fr')).toBe(true);
  });

  it('edits the main text in the default locale and lists the other languages as rows', () => {
    const one = topicDraftOf(
      { id: 'multi', name: { fr: 'Actualités', en: 'News' }, defaultSubscribed: true },
      'fr-CA',
    );
    expect(one).toMatchObject({ id: 'multi', isNew: false, name: 'Actualités', mainTag: 'fr' });
    expect(one.translations.map(({ tag, name }) => ({ tag, name }))).toEqual([{ tag: 'en', name: 'News' }]);
  });

  it('sends a plain name as a string and a name with languages as an object under the default locale', () => {
    expect(topicOf(draft({ id: ' news ', name: ' News ' }), null)).toEqual({
      id: 'news',
      name: 'News',
      defaultSubscribed: true,
    });
    const withFrench = draft({
      id: 'news',
      name: 'News',
      description: 'Weekly',
      translations: [{ key: 'k', tag: 'FR-ca', name: 'Nouvelles', description: '' }],
    });
    const sent = topicOf(withFrench, 'en-GB');
    expect(sent).toEqual({
      id: 'news',
      name: { 'en-GB': 'News', 'fr-CA': 'Nouvelles' },
      description: 'Weekly',
      defaultSubscribed: true,
    });
    // What the console sends, the API accepts.
    expect(settingsChangeSchema.safeParse({ topics: [sent] }).success).toBe(true);
  });
});

describe('checkTopics', () => {
  it('finds what the API would refuse: a bad id, a repeated id, no name, a bad or repeated language', () => {
    const issues = checkTopics(
      [
        draft({ id: 'News!', name: 'News' }),
        draft({ id: 'offers', name: 'Offers' }),
        draft({ id: 'offers', name: '' }),
        draft({
          id: 'tips',
          name: 'Tips',
          translations: [
            { key: 'a', tag: 'not a tag', name: 'x', description: '' },
            { key: 'b', tag: 'en', name: 'Tips again', description: '' },
            { key: 'c', tag: 'de', name: '', description: '' },
          ],
        }),
      ],
      'en',
    );
    expect(issues.list).toBeUndefined();
    expect(issues.rows[0]?.id).toMatch(/^"News!" must be 1-40 characters of a-z, 0-9 and "-"/);
    expect(issues.rows[1]).toBeUndefined();
    expect(issues.rows[2]?.id).toBe('"offers" is already the id of another topic');
    expect(issues.rows[2]?.name).toMatch(/must not be blank/);
    expect(issues.rows[3]?.translations).toMatch(/"not a tag" is not a language tag/);
    expect(issues.rows[3]?.translations).toMatch(/"en" is given twice/);
    expect(issues.rows[3]?.translations).toMatch(/"de" has no name or description/);
  });

  it('allows 20 topics and refuses 21', () => {
    const many = (count: number) =>
      Array.from({ length: count }, (_, index) => draft({ id: `t-${index}`, name: `T ${index}` }));
    expect(hasTopicIssues(checkTopics(many(20), null))).toBe(false);
    expect(checkTopics(many(21), null).list).toBe('At most 20 topics: remove 1.');
  });

  it('agrees with the API on ids', () => {
    for (const id of ['a', 'product-news', 'x'.repeat(40), 'x'.repeat(41), 'Caps', 'under_score', '']) {
      const local = hasTopicIssues(checkTopics([draft({ id, name: 'N' })], null));
      const server = settingsChangeSchema.safeParse({ topics: [{ id, name: 'N', defaultSubscribed: true }] });
      expect(local, id).toBe(!server.success);
    }
  });
});

describe('topicIssuesOf', () => {
  it('puts each API issue on the control its field names', () => {
    const issues = topicIssuesOf([
      { field: 'body.topics[2].id', message: 'must be 1-40 characters' },
      { field: 'body.topics[0].name.fr', message: 'must not be blank' },
      { field: 'body.topics[0].description', message: 'must be at most 300 characters' },
      { field: 'body.topics', message: 'must hold at most 20 topics' },
      { field: 'body.displayName', message: 'not a topic' },
    ]);
    expect(issues).toEqual({
      list: 'must hold at most 20 topics',
      rows: {
        0: { name: 'fr: must not be blank', description: 'must be at most 300 characters' },
        2: { id: 'must be 1-40 characters' },
      },
    });
  });
});

describe('textIn', () => {
  it('picks the locale, then its language, then any of its language, then the first', () => {
    const text = { en: 'News', 'fr-CA': 'Nouvelles', de: 'Neuigkeiten', 'pt-BR': ' ' };
    expect(textIn(text, 'fr-CA')).toBe('Nouvelles');
    expect(textIn(text, 'fr')).toBe('Nouvelles');
    expect(textIn(text, 'de-AT')).toBe('Neuigkeiten');
    expect(textIn(text, 'pt-BR')).toBe('News');
    expect(textIn('Plain', 'fr')).toBe('Plain');
    expect(textIn(undefined, 'fr')).toBe('');
  });
});

describe('topicLabel and moved', () => {
  it('names a topic by its name, else its id, else its place', () => {
    expect(topicLabel(draft({ id: 'news', name: 'News' }), 0)).toBe('News');
    expect(topicLabel(draft({ id: 'news' }), 0)).toBe('news');
    expect(topicLabel(draft({}), 2)).toBe('3');
  });

  it('moves one item and keeps the others in order', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
  });
});
