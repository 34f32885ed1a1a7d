import type { Actor } from '#domain/activity';
import type { Principal } from '#domain/roles';
import type { Source } from '#domain/sources';
import { withoutUndefined } from '#domain/without-undefined';

/**
 * The activity actor of a verified caller: a teammate is a `user`, a server credential an `api` client, each
 * with the name and email their credential gave, if any.
 */
export const actorOf = (principal: Principal): Actor => {
  const person = withoutUndefined({ displayName: principal.displayName, email: principal.email });
  return principal.type === 'service'
    ? { type: 'api', clientId: principal.userId, ...person }
    : { type: 'user', userId: principal.userId, ...person };
};

/** The source a caller's additions carry: `admin` when a teammate adds by hand, `api` for a server credential. */
export const addSourceOf = (principal: Principal): Extract<Source, 'admin' | 'api'> =>
  principal.type === 'service' ? 'api' : 'admin';
