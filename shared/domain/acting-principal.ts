import type { Actor } from '#domain/activity';
import type { Principal } from '#domain/roles';
import type { Source } from '#domain/sources';

/** The activity actor of a verified caller: a teammate is a `user`, a server credential an `api` client. */
export const actorOf = (principal: Principal): Actor =>
  principal.type === 'service'
    ? { type: 'api', clientId: principal.userId }
    : { type: 'user', userId: principal.userId };

/** The source a caller's additions carry: `admin` when a teammate adds by hand, `api` for a server credential. */
export const addSourceOf = (principal: Principal): Extract<Source, 'admin' | 'api'> =>
  principal.type === 'service' ? 'api' : 'admin';
