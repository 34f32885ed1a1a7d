import type { Context } from 'aws-lambda';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The Lambda entry point of a function: starts its composition root (`start`, from shared/wiring) on the first
 * invocation, so the local server and tests can import `makeHandler` without the deployed environment, and reuses
 * the use cases for the life of the container. The handler receives them as a promise, so a failed start reaches
 * the caller through the handler's own error mapping (a page, a JSON 500, a failed batch). A failed start — a
 * throttled secret read, a network blip — is forgotten, so the next invocation tries again instead of failing
 * until the container is recycled.
 */
export const deployedHandler = <U, E, R>(
  build: (useCases: Promise<U>) => Handler<E, R>,
  start: () => Promise<U>,
): Handler<E, R> => {
  let current: { readonly useCases: Promise<U>; readonly handle: Handler<E, R> } | undefined;
  return (event, context) => {
    if (!current) {
      const useCases = start();
      const started = { useCases, handle: build(useCases) };
      current = started;
      useCases.catch(() => {
        if (current === started) current = undefined;
      });
    }
    return current.handle(event, context);
  };
};
