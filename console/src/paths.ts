import type { Permission } from '#domain/roles';

/** Where the console lives (`/console/`, from vite.config.ts's `base`) and its pages, for links and the router. */
export const BASE = import.meta.env.BASE_URL;
export const CALLBACK_PATH = `${BASE}callback`;

export interface PageLink {
  readonly path: string;
  readonly label: string;
  /** The permission the page's routes require: the navigation hides the page from roles without it. */
  readonly permission?: Permission;
}

/** The navigation, in order; the labels are the links' accessible names. */
export const PAGES = {
  suppressions: { path: `${BASE}suppressions`, label: 'Suppressions' },
  imports: { path: `${BASE}imports`, label: 'Imports', permission: 'add' },
  contacts: { path: `${BASE}contacts`, label: 'Contacts' },
  campaignRuns: { path: `${BASE}campaign-runs`, label: 'Campaign runs' },
  activity: { path: `${BASE}activity`, label: 'Activity' },
  statistics: { path: `${BASE}statistics`, label: 'Statistics' },
  settings: { path: `${BASE}settings`, label: 'Settings' },
} as const satisfies Record<string, PageLink>;
