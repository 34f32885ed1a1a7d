import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamLines } from '#app/stream-lines';
import { csvCells, ImportLineReader } from '#domain/import-lines';

const readAll = (text: string) => {
  const reader = new ImportLineReader();
  return text.split('\n').map((line) => reader.read(line));
};

describe('the import line reader', () => {
  it('reads one value a line, dropping a BOM and CR line ends, and keeps blank lines as blank', () => {
    expect(readAll('\uFEFFa@example.org\r\n\r\n  b@example.org  \r')).toEqual([
      { line: 1, input: 'a@example.org', status: 'data' },
      { line: 2, input: '', status: 'blank' },
      { line: 3, input: 'b@example.org', status: 'data' },
    ]);
  });

  it('takes the first matching column of a CSV header, with its kind', () => {
    expect(
      readAll('Name,Phone,Email\r\n"Doe, Jane",+1 202 555 0100,jane@example.org\r\nSam,,sam@example.org'),
    ).toEqual([
      { line: 1, input: 'Name,Phone,Email', status: 'header' },
      { line: 2, input: '+1 202 555 0100', status: 'data', kind: 'phone' },
      { line: 3, input: '', status: 'blank' },
    ]);
    expect(readAll('id,value\n1,@competitor.com')[1]).toEqual({
      line: 2,
      input: '@competitor.com',
      status: 'data',
    });
  });

  it('reports a CSV line without the column, or with an open quote, as malformed with the reason', () => {
    const [, short, open] = readAll('name,email\nonly-one\n"open,a@example.org');
    expect(short).toMatchObject({ status: 'malformed', reason: expect.stringMatching(/1 cell.*cell 2/) });
    expect(open).toMatchObject({
      status: 'malformed',
      reason: expect.stringMatching(/quoted cell is not closed/),
    });
  });

  it('splits quoted cells as RFC 4180 writes them', () => {
    expect(csvCells('"a ""b"", c",d,')).toEqual(['a "b", c', 'd', '']);
  });

  it('numbers every physical line once, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 50 }), (lines) => {
        const reader = new ImportLineReader();
        const read = lines.map((line) => reader.read(line.replaceAll('\n', ' ')));
        expect(read.map((line) => line.line)).toEqual(lines.map((_, i) => i + 1));
      }),
    );
  });
});

describe('streamLines', () => {
  const chunks = async function* (parts: Uint8Array[]) {
    yield* parts;
  };
  const collect = async (parts: Uint8Array[]) => {
    const lines: string[] = [];
    for await (const line of streamLines(chunks(parts))) lines.push(line);
    return lines;
  };

  it('joins lines and characters cut between chunks', async () => {
    const bytes = new TextEncoder().encode('é@example.org\nzoë@example.org\nlast');
    const cut = [bytes.subarray(0, 1), bytes.subarray(1, 17), bytes.subarray(17)];
    expect(await collect(cut)).toEqual(['é@example.org', 'zoë@example.org', 'last']);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    await expect(collect([new TextEncoder().encode('ok\nok\n'), Uint8Array.of(0xff, 0x0a)])).rejects.toThrow(
      /not UTF-8 text.*line 3/,
    );
  });
});
