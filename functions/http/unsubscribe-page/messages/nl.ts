import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('nl');
const and = listOf('nl', 'conjunction');
const or = listOf('nl', 'disjunction');
const number = numberOf('nl');
const quoted = (text: string) => `‘${text}’`;

/** Dutch, addressing the reader as ‘u’. */
export const nl: Messages = {
  privacyPolicy: 'Privacybeleid',
  languageNav: 'Taal',
  backToPreferences: 'Terug naar uw e-mailvoorkeuren',

  confirmTitle: (tenant: string) => `Afmelden voor ${tenant}`,
  confirmHeading: (tenant: string) => `Afmelden voor ${tenant}?`,
  confirmIntro: (address: SafeHtml) => html`Geen marketingmails meer sturen naar ${address}.`,

  preferencesTitle: (tenant: string) => `Uw e-mails van ${tenant}`,
  preferencesIntro: (address: SafeHtml) =>
    html`Vink de e-mails aan die u op ${address} wilt blijven ontvangen.`,
  topicsLegend: 'E-mails die u ontvangt',
  linkTopicNotice: (topic: string) =>
    `Deze e-mail hoort bij de lijst ${quoted(topic)}. Die staat hieronder al uitgevinkt: klik op ‘Voorkeuren opslaan’ om u af te melden.`,
  savePreferences: 'Voorkeuren opslaan',
  retiredHeading: 'Lijsten die niet meer bestaan',
  retiredIntro: 'U had zich voor deze lijsten afgemeld voordat ze werden stopgezet. U ontvangt ze niet.',
  pauseHeading: 'Even pauzeren',
  pauseIntro: (tenant: string) =>
    `Pauzeer alle marketingmails van ${tenant}. Aan het einde van de pauze ontvangt u ze automatisch weer.`,
  pauseButton: (days: number) =>
    `Alle e-mails ${number(days)} ${plural(days, { one: 'dag', other: 'dagen' })} pauzeren`,
  leaveHeading: 'Overal voor afmelden',
  leaveIntro: (tenant: string) =>
    `Ontvang geen enkele marketingmail meer van ${tenant}. Berichten die u nodig hebt over een account of een bestelling kunnen nog wel binnenkomen.`,
  unsubscribeAll: 'Afmelden voor alle e-mails',
  pausedNotice: (date: string) => `Uw e-mails zijn gepauzeerd tot ${date}.`,
  resume: 'E-mails hervatten',
  unsubscribedFromAllHeading: (tenant: string) => `U bent afgemeld voor ${tenant}`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} ontvangt geen marketingmails.`,
  unsubscribedByMistake: 'Per ongeluk afgemeld?',
  resubscribe: 'Opnieuw aanmelden',

  unsubscribedTitle: 'U bent afgemeld',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} ontvangt geen marketingmails meer van ${tenant}. Berichten die u nodig hebt over een account of een bestelling kunnen nog wel binnenkomen.`,
  topicUnsubscribedTitle: (topic: string) => `U bent afgemeld voor ${quoted(topic)}`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} ontvangt geen e-mails van de lijst ${quoted(topic)} meer. Uw andere e-mails van ${tenant} blijven gewoon komen.`,
  resubscribedTitle: 'U bent opnieuw aangemeld',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`Uw afmelding is ongedaan gemaakt: ${tenant} mag weer e-mails sturen naar ${address}.`,
  stillSuppressed:
    'Het adres blijft om een andere reden geblokkeerd, dus mogelijk ontvangt u toch geen e-mails van deze afzender.',
  unsubscribeAgain: 'Opnieuw afmelden',
  nothingToUndoTitle: 'Niets ongedaan te maken',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`We hebben geen afmelding van u voor ${address} gevonden die ongedaan kan worden gemaakt. Wilt u weer e-mails van ${tenant} ontvangen, neem dan rechtstreeks contact op met de afzender.`,
  savedTitle: 'Uw voorkeuren zijn opgeslagen',
  savedUnchanged: 'Er is niets veranderd: dit waren al uw keuzes.',
  savedReceiving: 'U ontvangt:',
  savedNotReceiving: 'U ontvangt niet:',
  pausedTitle: 'Uw e-mails zijn gepauzeerd',
  pausedBody: (tenant: string, date: string) =>
    `U ontvangt tot ${date} geen marketingmails van ${tenant}. Daarna ontvangt u ze automatisch weer.`,
  resumedTitle: 'U ontvangt weer e-mails',
  resumedBody: (tenant: string) =>
    `De pauze is voorbij: ${tenant} mag u weer e-mails sturen, volgens uw keuzes.`,
  notOfferedTitle: 'Deze keuze wordt niet aangeboden',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `De lijst ${and(topics.map(quoted))} wordt hier niet aangeboden.`,
      other: `De lijsten ${and(topics.map(quoted))} worden hier niet aangeboden.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `Een pauze van ${quoted(given)} dagen wordt niet aangeboden: kies ${or(offered.map(number))} dagen.`,
  choiceNotOffered: 'Deze keuze wordt op deze pagina niet aangeboden.',
  nothingChanged: 'Er is niets gewijzigd.',

  invalidLinkTitle: 'Deze link werkt niet',
  invalidLinkBody:
    'De afmeldlink is onderweg misschien afgebroken of gewijzigd. Open hem opnieuw vanuit de e-mail, of kopieer de volledige link naar de adresbalk.',
  invalidLinkHelp:
    'Werkt hij dan nog steeds niet, beantwoord dan de e-mail en vraag om verwijdering van uw adres.',
  unrecognizedTitle: 'Verzoek niet begrepen',
  tooLargeTitle: 'Verzoek te groot',
  useThePage: 'Open de afmeldlink vanuit de e-mail en gebruik de knoppen op die pagina.',
  failureTitle: 'Er is iets misgegaan',
  failureBody: 'We konden dit aan onze kant niet afronden. Probeer het over een paar minuten opnieuw.',
};
