import { useEffect, useState } from 'preact/hooks';
import type { Kind } from '#domain/kinds';
import { can } from '#domain/roles';
import type { Scope } from '#domain/sources';
import { ApiError, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, Status } from '../components/results';
import { useSignedIn } from '../context';
import { bannerOf, type ContactView } from '../lib/contact';
import { labelsOf } from '../lib/describe';
import { KIND_LABELS } from '../lib/filters';
import { ActivityList } from '../timeline/activity-list';

const SCOPE_LABELS: Readonly<Record<Scope, string>> = {
  marketing: 'Marketing',
  all_but_transactional: 'All but transactional',
  all: 'Everything',
};

/** The body of Do not contact: the contact's current values, by the field the API takes them in. */
const valuesBody = (contact: ContactView) => {
  const of = (kind: Kind) =>
    contact.values.flatMap((value) => (value.kind === kind && value.value !== null ? [value.value] : []));
  return { emails: of('email'), phones: of('phone'), linkedinUrls: of('linkedin') };
};

type Lookup =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly id: string }
  | { readonly state: 'found'; readonly contact: ContactView }
  | { readonly state: 'unknown'; readonly id: string }
  | { readonly state: 'error'; readonly id: string; readonly error: string };

interface Action {
  readonly busy: boolean;
  readonly status?: string;
  readonly error?: string;
}

const idFromAddress = () => new URLSearchParams(location.search).get('id')?.trim() ?? '';

export function ContactsPage() {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const canAct = can(role, 'contact_actions');
  const [typed, setTyped] = useState(idFromAddress);
  const [shown, setShown] = useState(idFromAddress);
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const [reloads, setReloads] = useState(0);
  const [action, setAction] = useState<Action>({ busy: false });

  useEffect(() => {
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${shown ? `?${new URLSearchParams({ id: shown })}` : ''}`,
    );
    if (!shown) {
      setLookup({ state: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setLookup((current) =>
      current.state === 'found' && current.contact.contactId === shown
        ? current
        : { state: 'loading', id: shown },
    );
    api.json<ContactView>(`/v1/contacts/${encodeURIComponent(shown)}`, { signal: controller.signal }).then(
      (contact) => setLookup({ state: 'found', contact }),
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        if (cause instanceof ApiError && cause.status === 404) setLookup({ state: 'unknown', id: shown });
        else setLookup({ state: 'error', id: shown, error: messageOf(cause, role, 'look up contacts') });
      },
    );
    return () => controller.abort();
  }, [api, shown, reloads, role]);

  const show = (event: Event) => {
    event.preventDefault();
    setAction({ busy: false });
    setShown(typed.trim());
  };

  const change = async (contact: ContactView, block: boolean) => {
    const path = `/v1/contacts/${encodeURIComponent(contact.contactId)}`;
    setAction({ busy: true, status: block ? 'Setting do not contact…' : 'Allowing contact again…' });
    try {
      if (block) {
        await api.json(`${path}/unsubscribe`, {
          method: 'POST',
          json: { doNotContact: true, ...valuesBody(contact) },
        });
      } else {
        await api.request(`${path}/do-not-contact`, { method: 'DELETE' });
      }
      setAction({
        busy: false,
        status: block ? 'The contact is now on do not contact.' : 'The contact may be contacted again.',
      });
    } catch (cause) {
      setAction({
        busy: false,
        error: messageOf(cause, role, block ? 'put contacts on do not contact' : 'allow contacts again'),
      });
    }
    setReloads((count) => count + 1);
  };

  const contact = lookup.state === 'found' ? lookup.contact : undefined;
  const banner =
    lookup.state === 'loading'
      ? `Looking up contact ${lookup.id}…`
      : lookup.state === 'unknown'
        ? `Nothing is known about contact ${lookup.id}`
        : contact
          ? bannerOf(contact)
          : undefined;

  return (
    <Page title="Contacts">
      <p class="lede">
        Look up a contact by the id your platform gives it: whether it may be contacted, each of its known
        values, and everything that happened to it.
      </p>
      <search aria-label="Find a contact">
        <form class="lookup" onSubmit={show}>
          <div class="field">
            <label for="contact-id">Contact ID</label>
            <input
              id="contact-id"
              type="search"
              maxLength={256}
              spellcheck={false}
              autocomplete="off"
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="primary" disabled={typed.trim() === ''}>
            Show
          </button>
        </form>
      </search>

      <p class={contact?.doNotContact ? 'banner banner-blocked' : 'banner'} role="status" aria-live="polite">
        {banner ?? ''}
      </p>
      {lookup.state === 'error' ? <ErrorText text={lookup.error} /> : null}

      {contact ? (
        <>
          {canAct ? (
            <div class="row">
              {contact.doNotContact ? (
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  onClick={() => void change(contact, false)}
                >
                  Allow contact again
                </button>
              ) : (
                <button
                  type="button"
                  class="primary"
                  disabled={action.busy}
                  onClick={() => void change(contact, true)}
                >
                  Do not contact
                </button>
              )}
              <Status text={action.status} />
              <ErrorText text={action.error} />
            </div>
          ) : null}

          <section class="section" aria-labelledby="values-title">
            <h2 id="values-title">Values</h2>
            {contact.values.length === 0 ? (
              <p class="muted">
                No email address, phone number or LinkedIn profile is known for this contact.
              </p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
              <section class="table-wrap" tabIndex={0} aria-labelledby="values-caption">
                <table>
                  <caption id="values-caption">The contact's values, most recently concerned first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Value</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Status</th>
                      <th scope="col">Sources</th>
                      <th scope="col">Blocks</th>
                    </tr>
                  </thead>
                  <tbody>
                    {contact.values.map((value, index) => (
                      <tr key={`${value.kind}:${value.value ?? index}`}>
                        <th scope="row" class="value">
                          {value.value ?? <span class="muted">(erased)</span>}
                        </th>
                        <td>{KIND_LABELS[value.kind]}</td>
                        <td>{value.suppressed ? 'Suppressed' : 'Not suppressed'}</td>
                        <td>{value.sources.length > 0 ? labelsOf(value.sources) : '—'}</td>
                        <td>{value.scope ? SCOPE_LABELS[value.scope] : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
          </section>

          <section class="section" aria-labelledby="contact-activity-title">
            <h2 id="contact-activity-title">Activity</h2>
            <ActivityList
              path={`/v1/contacts/${encodeURIComponent(contact.contactId)}/activity`}
              label={`Activity of contact ${contact.contactId}`}
              empty="Nothing has happened to this contact yet."
              reloads={reloads}
            />
          </section>
        </>
      ) : null}
    </Page>
  );
}
