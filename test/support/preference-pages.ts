import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import type { RecipientPreferences } from '#app/recipient-preferences';
import { type Page, pageResponse } from '../../functions/http/unsubscribe-page/document';
import type { PageLocale } from '../../functions/http/unsubscribe-page/languages';
import {
  choiceNotOfferedPage,
  failurePage,
  invalidLinkPage,
  nothingToUndoPage,
  pausedPage,
  preferencesSavedPage,
  resubscribedPage,
  resumedPage,
  tooLargePage,
  topicUnsubscribedPage,
  unrecognizedRequestPage,
  unsubscribedPage,
} from '../../functions/http/unsubscribe-page/pages';
import { preferencePage } from '../../functions/http/unsubscribe-page/preference-page';

/**
 * One recipient's pages in any language, with inputs that are no word of any language (so that a test can tell the
 * page's own words from the tenant's): every page the handler can show, and every state of the preference page.
 */
export const FIXTURE = {
  tenant: 'Zorblax',
  address: 'j***@example.com',
  topics: { link: 'Zeta-Digest', optIn: 'Kappa-Promo', other: 'Sigma-Flux', retired: 'Omega-Vetus' },
  pausedUntil: '2027-03-02T10:00:00.000Z',
  unknownTopic: 'ghost-topic',
  pauseGiven: '45',
} as const;

export const fixtureView: UnsubscribeLinkView = {
  tenantName: FIXTURE.tenant,
  postalAddress: '1 Main Street\nSpringfield',
  privacyUrl: 'https://zorblax.example/privacy',
  logoUrl: 'https://cdn.zorblax.example/logo.png',
  kind: 'email',
  shownValue: FIXTURE.address,
  linkTopic: 'zeta',
};

export const fixturePreferences: RecipientPreferences = {
  topics: [
    {
      id: 'zeta',
      name: FIXTURE.topics.link,
      description: 'Zeta-Digest-Info',
      subscribed: true,
      retired: false,
    },
    { id: 'kappa', name: FIXTURE.topics.optIn, subscribed: false, retired: false },
    { id: 'sigma', name: { en: FIXTURE.topics.other }, subscribed: true, retired: false },
    { id: 'omega', name: FIXTURE.topics.retired, subscribed: false, retired: true },
  ],
  unsubscribedFromAll: false,
};

/** Every page of the fixture in one locale. */
export const everyPage = (locale: PageLocale): Page[] => {
  const view = fixtureView;
  const preferences = fixturePreferences;
  return [
    preferencePage(locale, view, preferences),
    preferencePage(locale, view, { ...preferences, pausedUntil: FIXTURE.pausedUntil }),
    preferencePage(locale, view, { ...preferences, unsubscribedFromAll: true }),
    preferencePage(locale, view, { topics: [], unsubscribedFromAll: false }),
    preferencePage(locale, view, {
      topics: [],
      unsubscribedFromAll: false,
      pausedUntil: FIXTURE.pausedUntil,
    }),
    unsubscribedPage(locale, view),
    topicUnsubscribedPage(locale, view, FIXTURE.topics.link),
    resubscribedPage(locale, view, true),
    nothingToUndoPage(locale, view),
    preferencesSavedPage(locale, view, preferences, true),
    preferencesSavedPage(locale, view, preferences, false),
    pausedPage(locale, view, FIXTURE.pausedUntil),
    resumedPage(locale, view),
    choiceNotOfferedPage(locale, { reason: 'unknown_topics', unknown: [FIXTURE.unknownTopic] }, view),
    choiceNotOfferedPage(locale, { reason: 'unknown_topics', unknown: [FIXTURE.unknownTopic, 'x-topic'] }),
    choiceNotOfferedPage(locale, { reason: 'pause_length', given: FIXTURE.pauseGiven }),
    choiceNotOfferedPage(locale, { reason: 'not_offered' }),
    invalidLinkPage(locale),
    unrecognizedRequestPage(locale),
    tooLargePage(locale),
    failurePage(locale, 500),
  ];
};

export const bodyOf = (page: Page): string => pageResponse(page).body ?? '';

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Text as a reader gets it from markup: tags gone, entities decoded. */
export const textOfMarkup = (markup: string): string =>
  markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * What a page says: its title, its text nodes, and the text of the attributes that are read out (`aria-label`,
 * `alt`), each a separate string (whitespace collapsed).
 */
export const textNodesOf = (document: string): string[] => {
  const title = /<title>([^<]*)<\/title>/.exec(document)?.[1] ?? '';
  const body = /<body>([\s\S]*)<\/body>/.exec(document)?.[1] ?? '';
  const attributes = [...body.matchAll(/\s(?:aria-label|alt)="([^"]*)"/g)].map((match) => match[1] ?? '');
  return [title, ...body.split(/<[^>]*>/), ...attributes]
    .map((text) => textOfMarkup(text).replace(/\s+/g, ' ').trim())
    .filter((text) => text !== '');
};
