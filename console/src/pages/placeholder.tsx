import type { ComponentChildren } from 'preact';
import { Page } from '../components/page';
import { PAGES } from '../paths';

/** A page whose routes are not merged yet: its heading and what it will show. */
export function PlaceholderPage(props: { title: string; children: ComponentChildren }) {
  return (
    <Page title={props.title}>
      <div class="placeholder">
        <p>{props.children}</p>
        <p class="muted">This page comes in the console's next release.</p>
      </div>
    </Page>
  );
}

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page in the console. Go to <a href={PAGES.suppressions.path}>the suppression list</a>
        .
      </p>
    </Page>
  );
}
