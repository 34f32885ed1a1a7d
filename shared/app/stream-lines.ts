import { InvalidInputError } from '#domain/errors';

/**
 * The lines of a UTF-8 byte stream, in order, without their LF (a CR before it is the line reader's to drop),
 * decoded as the bytes arrive so a file of any size is read in constant memory. Bytes that are not UTF-8, or a
 * NUL (a binary file that happens to decode), end the stream with an error naming the line.
 */
export async function* streamLines(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending = '';
  let line = 1;
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new InvalidInputError(`the file is not UTF-8 text (bytes that are not UTF-8 near line ${line})`);
    }
  };
  const take = function* (text: string): Generator<string> {
    pending += text;
    let at = pending.indexOf('\n');
    while (at >= 0) {
      const next = pending.slice(0, at);
      if (next.includes('\u0000'))
        throw new InvalidInputError(`the file is not text (a NUL byte on line ${line})`);
      yield next;
      line += 1;
      pending = pending.slice(at + 1);
      at = pending.indexOf('\n');
    }
  };
  for await (const chunk of bytes) yield* take(decode(chunk));
  yield* take(decode());
  if (pending !== '') {
    if (pending.includes('\u0000'))
      throw new InvalidInputError(`the file is not text (a NUL byte on line ${line})`);
    yield pending;
  }
}
