import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('de');
const and = listOf('de', 'conjunction');
const or = listOf('de', 'disjunction');
const number = numberOf('de');
const quoted = (text: string) => `„${text}“`;

/** German, addressing the reader as „Sie“. */
export const de: Messages = {
  privacyPolicy: 'Datenschutzerklärung',
  languageNav: 'Sprache',
  backToPreferences: 'Zurück zu Ihren E-Mail-Einstellungen',

  confirmTitle: (tenant: string) => `Von ${tenant} abmelden`,
  confirmHeading: (tenant: string) => `Von ${tenant} abmelden?`,
  confirmIntro: (address: SafeHtml) => html`Keine Marketing-E-Mails mehr an ${address} senden.`,

  preferencesTitle: (tenant: string) => `Ihre E-Mails von ${tenant}`,
  preferencesIntro: (address: SafeHtml) =>
    html`Wählen Sie die E-Mails aus, die Sie unter ${address} weiterhin erhalten möchten.`,
  topicsLegend: 'E-Mails, die Sie erhalten',
  linkTopicNotice: (topic: string) =>
    `Diese E-Mail gehört zur Liste ${quoted(topic)}. Sie ist unten bereits abgewählt: Klicken Sie auf „Einstellungen speichern“, um sich davon abzumelden.`,
  savePreferences: 'Einstellungen speichern',
  retiredHeading: 'Eingestellte Listen',
  retiredIntro:
    'Von diesen Listen haben Sie sich abgemeldet, bevor sie eingestellt wurden. Sie erhalten sie nicht.',
  pauseHeading: 'Eine Pause einlegen',
  pauseIntro: (tenant: string) =>
    `Pausieren Sie alle Marketing-E-Mails von ${tenant}. Am Ende der Pause erhalten Sie sie automatisch wieder.`,
  pauseButton: (days: number) =>
    `Alle E-Mails für ${number(days)} ${plural(days, { one: 'Tag', other: 'Tage' })} pausieren`,
  leaveHeading: 'Von allem abmelden',
  leaveIntro: (tenant: string) =>
    `Keine Marketing-E-Mails mehr von ${tenant} erhalten. Nachrichten, die Sie zu einem Konto oder einer Bestellung brauchen, können weiterhin eintreffen.`,
  unsubscribeAll: 'Von allen E-Mails abmelden',
  pausedNotice: (date: string) => `Ihre E-Mails sind bis zum ${date} pausiert.`,
  resume: 'E-Mails fortsetzen',
  unsubscribedFromAllHeading: (tenant: string) => `Sie sind von ${tenant} abgemeldet`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} erhält keine Marketing-E-Mails.`,
  unsubscribedByMistake: 'Versehentlich abgemeldet?',
  resubscribe: 'Wieder anmelden',

  unsubscribedTitle: 'Sie sind abgemeldet',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} erhält keine Marketing-E-Mails von ${tenant} mehr. Nachrichten, die Sie zu einem Konto oder einer Bestellung brauchen, können weiterhin eintreffen.`,
  topicUnsubscribedTitle: (topic: string) => `Sie sind von ${quoted(topic)} abgemeldet`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} erhält keine E-Mails der Liste ${quoted(topic)} mehr. Ihre anderen E-Mails von ${tenant} erhalten Sie weiterhin wie bisher.`,
  resubscribedTitle: 'Sie sind wieder angemeldet',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`Ihre Abmeldung ist rückgängig gemacht: ${tenant} darf ${address} wieder E-Mails senden.`,
  stillSuppressed:
    'Die Adresse bleibt aus einem anderen Grund gesperrt, daher erhalten Sie möglicherweise trotzdem keine E-Mails.',
  unsubscribeAgain: 'Erneut abmelden',
  nothingToUndoTitle: 'Nichts rückgängig zu machen',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`Wir haben für ${address} keine Abmeldung von Ihnen gefunden, die sich rückgängig machen ließe. Wenn Sie wieder E-Mails von ${tenant} erhalten möchten, wenden Sie sich bitte direkt an den Absender.`,
  savedTitle: 'Ihre Einstellungen sind gespeichert',
  savedUnchanged: 'Es hat sich nichts geändert: Das waren bereits Ihre Einstellungen.',
  savedReceiving: 'Sie erhalten:',
  savedNotReceiving: 'Sie erhalten nicht:',
  pausedTitle: 'Ihre E-Mails sind pausiert',
  pausedBody: (tenant: string, date: string) =>
    `Sie erhalten bis zum ${date} keine Marketing-E-Mails von ${tenant}. Danach erhalten Sie sie automatisch wieder.`,
  resumedTitle: 'Sie erhalten wieder E-Mails',
  resumedBody: (tenant: string) =>
    `Die Pause ist beendet: ${tenant} darf Ihnen wieder E-Mails senden, so wie Sie es gewählt haben.`,
  notOfferedTitle: 'Diese Auswahl steht nicht zur Verfügung',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `Die Liste ${and(topics.map(quoted))} wird hier nicht angeboten.`,
      other: `Die Listen ${and(topics.map(quoted))} werden hier nicht angeboten.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `Eine Pause von ${quoted(given)} Tagen wird nicht angeboten: Wählen Sie ${or(offered.map(number))} Tage.`,
  choiceNotOffered: 'Diese Auswahl wird auf dieser Seite nicht angeboten.',
  nothingChanged: 'Es wurde nichts geändert.',

  invalidLinkTitle: 'Dieser Link funktioniert nicht',
  invalidLinkBody:
    'Der Abmeldelink wurde unterwegs möglicherweise abgeschnitten oder verändert. Öffnen Sie ihn erneut aus der E-Mail oder kopieren Sie den vollständigen Link in die Adressleiste.',
  invalidLinkHelp:
    'Wenn er dann immer noch nicht funktioniert, antworten Sie auf die E-Mail und bitten Sie darum, aus dem Verteiler entfernt zu werden.',
  unrecognizedTitle: 'Anfrage nicht verstanden',
  tooLargeTitle: 'Anfrage zu groß',
  useThePage:
    'Bitte öffnen Sie den Abmeldelink aus der E-Mail und verwenden Sie die Schaltflächen auf dieser Seite.',
  failureTitle: 'Etwas ist schiefgelaufen',
  failureBody:
    'Wir konnten den Vorgang auf unserer Seite nicht abschließen. Bitte versuchen Sie es in einigen Minuten erneut.',
};
