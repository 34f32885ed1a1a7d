import { describe, expect, it } from 'vitest';
import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import type { RecipientPreferences } from '#app/recipient-preferences';
import { logoOrigin, pageResponse } from '../../functions/http/unsubscribe-page/document';
import { ENGLISH, LANGUAGES, type PageLocale } from '../../functions/http/unsubscribe-page/languages';
import {
  choiceNotOfferedPage,
  invalidLinkPage,
  pausedPage,
} from '../../functions/http/unsubscribe-page/pages';
import { preferencePage } from '../../functions/http/unsubscribe-page/preference-page';
import { bodyOf, everyPage, fixturePreferences, fixtureView } from '../support/preference-pages';

const FRENCH: PageLocale = { tag: 'fr', language: 'fr' };
const render = (
  preferences: RecipientPreferences = fixturePreferences,
  view = fixtureView,
  locale = ENGLISH,
) => bodyOf(preferencePage(locale, view, preferences));

/** Every `<input>` of a page as its attributes. */
const inputsOf = (body: string) =>
  [...body.matchAll(/<input ([^>]*)>/g)].map((match) =>
    Object.fromEntries(
      [...(match[1] ?? '').matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].map((attribute) => [
        attribute[1],
        attribute[2] ?? true,
      ]),
    ),
  );

describe('the preference page', () => {
  it('is in the chosen locale: <html lang>, Content-Language, and Vary for the browser header', () => {
    for (const tag of ['fr', 'pt-BR', 'de-CH']) {
      const locale = { tag, language: tag.slice(0, 2) } as PageLocale;
      const response = pageResponse(preferencePage(locale, fixtureView, fixturePreferences));
      expect(response.body).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${tag}">`));
      expect(response.headers).toMatchObject({ 'content-language': tag, vary: 'accept-language' });
    }
  });

  it('lists every language as a plain link in a named nav, the current one marked', () => {
    const body = render(undefined, undefined, FRENCH);
    expect(body).toContain('<nav aria-label="Langue">');
    const links = [
      ...body.matchAll(/<a href="\?lang=([a-z]+)" hreflang="([a-z]+)" lang="([a-z]+)"([^>]*)>([^<]+)<\/a>/g),
    ];
    expect(links.map((link) => link[1])).toEqual([...LANGUAGES]);
    expect(links.every((link) => link[1] === link[2] && link[2] === link[3])).toBe(true);
    expect(links.filter((link) => link[4] === ' aria-current="true"').map((link) => link[5])).toEqual([
      'Français',
    ]);
    expect(links.map((link) => link[5])).toContain('Deutsch');
  });

  it('posts every form to its own URL (no action attribute), so ?lang= survives', () => {
    for (const page of everyPage(FRENCH)) {
      const body = bodyOf(page);
      expect(body).not.toMatch(/<form[^>]*\saction=/);
    }
    expect(render()).toMatch(/<form method="post">\n<input type="hidden" name="action" value="save">/);
  });

  it('shows each topic as a checkbox: subscribed checked, the link topic ready to leave, the opt-in one not', () => {
    const inputs = inputsOf(render());
    const boxes = inputs.filter((input) => input.type === 'checkbox');
    expect(boxes.map((box) => [box.value, box.checked === true])).toEqual([
      ['zeta', false],
      ['kappa', false],
      ['sigma', true],
    ]);
    expect(boxes.every((box) => box.name === 'topic')).toBe(true);
    expect(inputs.filter((input) => input.name === 'shown').map((input) => input.value)).toEqual([
      'zeta',
      'kappa',
      'sigma',
    ]);
    const body = render();
    expect(body).toContain('<label for="topic-0">Zeta-Digest</label>');
    expect(body).toContain('aria-describedby="topic-0-about"');
    expect(body).toContain('<p id="topic-0-about">Zeta-Digest-Info</p>');
    expect(body).toContain('This email belongs to the list “Zeta-Digest”.');
  });

  it('keeps the link topic ticked and says nothing of it when the link has no topic', () => {
    const { linkTopic: _, ...view } = fixtureView;
    const boxes = inputsOf(render(fixturePreferences, view)).filter((input) => input.type === 'checkbox');
    expect(boxes.find((box) => box.value === 'zeta')?.checked).toBe(true);
    expect(render(fixturePreferences, view)).not.toContain('This email belongs to');
  });

  it('shows a retired topic read-only, outside every form', () => {
    const body = render();
    expect(inputsOf(body).some((input) => input.value === 'omega')).toBe(false);
    expect(body).toContain('<h2>Lists that have ended</h2>');
    expect(body).toContain('<li>Omega-Vetus</li>');
  });

  it('offers the two pauses, and while paused says until when and offers Resume instead', () => {
    const pauses = inputsOf(render()).filter((input) => input.name === 'days');
    expect(pauses.map((input) => input.value)).toEqual(['30', '90']);
    expect(render()).toContain('>Pause all emails for 30 days</button>');
    expect(render()).toContain('>Pause all emails for 90 days</button>');

    const paused = { ...fixturePreferences, pausedUntil: '2027-03-02T10:00:00Z' };
    const expected: Record<string, string> = {
      en: 'Your emails are paused until 2 March 2027.',
      fr: 'Vos e-mails sont suspendus jusqu’au 2 mars 2027.',
      de: 'Ihre E-Mails sind bis zum 2. März 2027 pausiert.',
      es: 'Sus correos están en pausa hasta el 2 de marzo de 2027.',
      it: 'Le Sue email sono sospese fino al 2 marzo 2027.',
      pt: 'Os seus e-mails estão em pausa até 2 de março de 2027.',
      nl: 'Uw e-mails zijn gepauzeerd tot 2 maart 2027.',
    };
    for (const language of LANGUAGES) {
      const body = render(paused, fixtureView, { tag: language, language });
      expect(body).toContain(`<p class="notice">${expected[language]}</p>`);
      expect(body).toContain('name="action" value="resume"');
      expect(body).not.toContain('name="days"');
    }
    expect(bodyOf(pausedPage(FRENCH, fixtureView, '2027-03-02T10:00:00Z'))).toContain('jusqu’au 2 mars 2027');
  });

  it('says so to a recipient off everything, and offers only Resubscribe', () => {
    const body = render({ ...fixturePreferences, unsubscribedFromAll: true });
    expect(body).toContain('<h1>You are unsubscribed from Zorblax</h1>');
    expect(body).toContain('name="action" value="resubscribe"');
    expect(body).toContain('>Resubscribe</button>');
    expect(body.match(/<form /g)).toHaveLength(1);
  });

  it("reads like today's confirmation, plus the pauses, when the tenant has no topics", () => {
    const body = render({ topics: [], unsubscribedFromAll: false });
    expect(body).toContain('<h1>Unsubscribe from Zorblax?</h1>');
    expect(body).toContain('<title>Unsubscribe from Zorblax</title>');
    expect(body).not.toContain('type="checkbox"');
    const actions = inputsOf(body)
      .filter((input) => input.name === 'action')
      .map((input) => input.value);
    expect(actions).toEqual(['unsubscribe', 'pause', 'pause']);
    expect(body).toContain('>Unsubscribe from everything</button>');
  });

  it('escapes tenant text, topic names, descriptions and ids', () => {
    const view: UnsubscribeLinkView = {
      ...fixtureView,
      tenantName: 'Acme <script>alert(1)</script> & "Co"',
      postalAddress: '<b>1 Main</b>',
      linkTopic: 'x"y',
    };
    const body = render(
      {
        topics: [
          {
            id: 'x"y',
            name: '<i>News</i>',
            description: { en: '<img src=x>' },
            subscribed: true,
            retired: false,
          },
          { id: 'old', name: '<u>Old</u>', subscribed: false, retired: true },
        ],
        unsubscribedFromAll: false,
      },
      view,
    );
    expect(body).not.toMatch(/<script|<i>|<b>|<u>|<img src=x/);
    expect(body).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(body).toContain('value="x&quot;y"');
    expect(body).toContain('&lt;i&gt;News&lt;/i&gt;');
    expect(body).toContain('&lt;img src=x&gt;');
    expect(body).toContain('&lt;u&gt;Old&lt;/u&gt;');
  });
});

describe('branding and the content security policy', () => {
  const csp = (view: UnsubscribeLinkView) =>
    String(
      pageResponse(preferencePage(ENGLISH, view, fixturePreferences)).headers?.['content-security-policy'],
    );

  it('allows images from exactly the logo’s origin, and shows it at a fixed size without a referrer', () => {
    const view = { ...fixtureView, logoUrl: 'https://cdn.zorblax.example:8443/brand/logo.png?v=2&x=1' };
    expect(csp(view)).toMatch(
      /^default-src 'none'; img-src https:\/\/cdn\.zorblax\.example:8443; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    );
    expect(render(fixturePreferences, view)).toContain(
      '<p class="sender"><img class="logo" src="https://cdn.zorblax.example:8443/brand/logo.png?v=2&amp;x=1" alt="Zorblax" width="160" height="48" referrerpolicy="no-referrer"></p>',
    );
  });

  it('has no img-src and no image without a logo, or with one it cannot name safely', () => {
    const { logoUrl: _, ...plain } = fixtureView;
    for (const view of [
      plain,
      { ...fixtureView, logoUrl: 'http://cdn.example/logo.png' },
      { ...fixtureView, logoUrl: 'https://[2001:db8::1]/logo.png' },
      { ...fixtureView, logoUrl: 'https://a;script-src/x.png' },
      { ...fixtureView, logoUrl: 'not a url' },
    ]) {
      expect(csp(view)).not.toContain('img-src');
      expect(render(fixturePreferences, view)).not.toContain('<img');
      expect(render(fixturePreferences, view)).toContain('<p class="sender">Zorblax</p>');
    }
    expect(logoOrigin('https://CDN.Example.com/a.png')).toBe('https://cdn.example.com');
  });

  it('shows the postal address and a privacy link named in the page language', () => {
    const body = render(fixturePreferences, fixtureView, FRENCH);
    expect(body).toContain('<address>1 Main Street\nSpringfield</address>');
    expect(body).toContain('<a href="https://zorblax.example/privacy">Politique de confidentialité</a>');
  });
});

describe('the refusal pages', () => {
  it('answer 400 in the page language, naming what was refused and what is offered', () => {
    const pause = choiceNotOfferedPage(FRENCH, { reason: 'pause_length', given: '45' });
    expect(pause.status).toBe(400);
    expect(bodyOf(pause)).toContain(
      'Une pause de «\u00a045\u00a0» jours n’est pas proposée\u00a0: choisissez 30 ou 90 jours.',
    );
    const unknown = choiceNotOfferedPage(ENGLISH, { reason: 'unknown_topics', unknown: ['a', '<b>'] });
    expect(bodyOf(unknown)).toContain('The lists “a” and “&lt;b&gt;” are not offered here.');
    expect(
      bodyOf(
        choiceNotOfferedPage({ tag: 'de', language: 'de' }, { reason: 'unknown_topics', unknown: ['a'] }),
      ),
    ).toContain('Die Liste „a“ wird hier nicht angeboten.');
    expect(bodyOf(invalidLinkPage({ tag: 'nl', language: 'nl' }))).toContain('<h1>Deze link werkt niet</h1>');
  });
});
