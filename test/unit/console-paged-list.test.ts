import { describe, expect, it } from 'vitest';
import { fetchFilledPage, loadNextPage, type PagedList } from '../../console/src/lib/paged-list';

/** A list and a setter that applies updates the way Preact's `setState` does, in order. */
const holder = <T>(initial: PagedList<T>) => {
  let list = initial;
  const seen: PagedList<T>[] = [];
  return {
    get list() {
      return list;
    },
    seen,
    set: (update: (current: PagedList<T>) => PagedList<T>) => {
      list = update(list);
      seen.push(list);
    },
  };
};

describe('Load more', () => {
  it('appends the next page, busy while it loads, and takes the new cursor', async () => {
    const state = holder<string>({ items: ['a', 'b'], cursor: 'c1', loading: false });
    const asked: string[] = [];
    await loadNextPage(
      state.list,
      state.set,
      async (cursor) => {
        asked.push(cursor);
        return { items: ['c'], nextCursor: null };
      },
      () => 'never',
    );
    expect(asked).toEqual(['c1']);
    expect(state.seen[0]?.loading).toBe('more');
    expect(state.list).toEqual({ items: ['a', 'b', 'c'], cursor: null, loading: false });
  });

  it('keeps what is shown and says why when the next page cannot be read', async () => {
    const state = holder<string>({ items: ['a'], cursor: 'c1', loading: false });
    await loadNextPage(
      state.list,
      state.set,
      async () => {
        throw new Error('503');
      },
      (cause) => `could not read: ${(cause as Error).message}`,
    );
    expect(state.list).toEqual({
      items: ['a'],
      cursor: 'c1',
      loading: false,
      moreError: 'could not read: 503',
    });
  });

  it('does nothing on the last page', async () => {
    const state = holder<string>({ items: ['a'], cursor: null, loading: false });
    await loadNextPage(state.list, state.set, async () => ({ items: ['x'], nextCursor: null }), String);
    expect(state.seen).toEqual([]);
  });
});

describe('one load of a filtered list', () => {
  const read = { path: '/v1/x', query: 'q=a', pageSize: 2, maxCalls: 3 };

  it('follows the cursor past empty pages until items come, asking with the filter, the limit and the cursor', async () => {
    const pages = [
      { items: [], nextCursor: 'c1' },
      { items: ['a'], nextCursor: 'c2' },
      { items: ['b', 'c'], nextCursor: 'c3' },
    ];
    const asked: string[] = [];
    const page = await fetchFilledPage<string>(
      async (path, { query }) => {
        asked.push(`${path}?${query}`);
        return pages.shift() ?? { items: [], nextCursor: null };
      },
      read,
      null,
      new AbortController().signal,
    );
    expect(asked).toEqual([
      '/v1/x?q=a&limit=2',
      '/v1/x?q=a&limit=2&cursor=c1',
      '/v1/x?q=a&limit=2&cursor=c2',
    ]);
    expect(page).toEqual({ items: ['a', 'b', 'c'], nextCursor: 'c3' });
  });

  it('stops after maxCalls, handing back the cursor to go on from', async () => {
    let calls = 0;
    const page = await fetchFilledPage<string>(
      async () => {
        calls++;
        return { items: [], nextCursor: `c${calls}` };
      },
      read,
      'c0',
      new AbortController().signal,
    );
    expect(calls).toBe(3);
    expect(page).toEqual({ items: [], nextCursor: 'c3' });
  });
});
