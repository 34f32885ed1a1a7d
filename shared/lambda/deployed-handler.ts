import type { Context } from 'aws-lambda';
import { configFromEnv, createServices, type Services } from '#lambda/services';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The Lambda entry point of a function: builds its services and handler on the first invocation (so the local
 * server and tests can import `makeHandler` without the deployed environment) and reuses them for the life of the
 * container. A failed start — a throttled secret read, a network blip — is forgotten, so the next invocation
 * tries again instead of failing until the container is recycled.
 */
export const deployedHandler = <E, R>(
  build: (services: Promise<Services>) => Handler<E, R>,
  startServices: () => Promise<Services> = () => createServices(configFromEnv()),
): Handler<E, R> => {
  let current: { readonly services: Promise<Services>; readonly handle: Handler<E, R> } | undefined;
  return (event, context) => {
    if (!current) {
      const services = startServices();
      const started = { services, handle: build(services) };
      current = started;
      services.catch(() => {
        if (current === started) current = undefined;
      });
    }
    return current.handle(event, context);
  };
};
