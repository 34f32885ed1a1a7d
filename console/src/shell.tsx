import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso/router';
import { can } from '#domain/roles';
import { useSignedIn } from './context';
import { PAGES, type PageLink } from './paths';

/** The frame of every signed-in page: who is signed in, Sign out, the navigation, and the page itself. */
export function Shell(props: { children: ComponentChildren }) {
  const { session, signOut } = useSignedIn();
  const { path } = useLocation();
  const { identity } = session;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Quietlist</p>
        <div class="account">
          <dl class="who" aria-label="Signed in">
            <div>
              <dt>Signed in as</dt>
              <dd>{identity.subject}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{identity.role}</dd>
            </div>
            <div>
              <dt>Workspace</dt>
              <dd>{identity.tenant}</dd>
            </div>
          </dl>
          <button type="button" class="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="main-nav" aria-label="Main">
        <ul>
          {Object.values(PAGES)
            .filter((page: PageLink) => !page.permission || can(identity.role, page.permission))
            .map((page) => (
              <li key={page.path}>
                <a href={page.path} aria-current={path === page.path ? 'page' : undefined}>
                  {page.label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} class="content">
        {props.children}
      </main>
    </>
  );
}
