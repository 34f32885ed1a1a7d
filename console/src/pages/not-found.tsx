import { Page } from '../components/page';
import { PAGES } from '../paths';

/** Any console path that is no page: says so and leads back to the list. */
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
