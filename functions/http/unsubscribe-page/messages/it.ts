import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('it');
const and = listOf('it', 'conjunction');
const or = listOf('it', 'disjunction');
const number = numberOf('it');
const quoted = (text: string) => `«${text}»`;

/**
 * Italian, addressing the reader with «Lei» in running text; buttons use the short imperative that Italian
 * interfaces use whatever their register («Salva», «Annulla»). Nothing agrees with the reader's gender.
 */
export const it: Messages = {
  privacyPolicy: 'Informativa sulla privacy',
  languageNav: 'Lingua',
  backToPreferences: 'Torna alle preferenze email',

  confirmTitle: (tenant: string) => `Annullare l’iscrizione alle email di ${tenant}`,
  confirmHeading: (tenant: string) => `Annullare l’iscrizione alle email di ${tenant}?`,
  confirmIntro: (address: SafeHtml) => html`Non inviare più email di marketing a ${address}.`,

  preferencesTitle: (tenant: string) => `Le Sue email da ${tenant}`,
  preferencesIntro: (address: SafeHtml) =>
    html`Selezioni le email che desidera continuare a ricevere all’indirizzo ${address}.`,
  topicsLegend: 'Email che riceve',
  linkTopicNotice: (topic: string) =>
    `Questa email appartiene alla lista ${quoted(topic)}. Qui sotto è già deselezionata: prema «Salva le preferenze» per annullare l’iscrizione.`,
  savePreferences: 'Salva le preferenze',
  retiredHeading: 'Liste non più attive',
  retiredIntro: 'Aveva annullato l’iscrizione a queste liste prima che venissero chiuse: non le riceverà.',
  pauseHeading: 'Prendersi una pausa',
  pauseIntro: (tenant: string) =>
    `Sospenda tutte le email di marketing di ${tenant}. Riprenderanno automaticamente alla fine della pausa.`,
  pauseButton: (days: number) =>
    `Sospendi tutte le email per ${number(days)} ${plural(days, { one: 'giorno', many: 'di giorni', other: 'giorni' })}`,
  leaveHeading: 'Lasciare tutto',
  leaveIntro: (tenant: string) =>
    `Non riceverà più alcuna email di marketing da ${tenant}. I messaggi necessari su un account o un ordine potrebbero comunque arrivare.`,
  unsubscribeAll: 'Annulla l’iscrizione a tutto',
  pausedNotice: (date: string) => `Le Sue email sono sospese fino al ${date}.`,
  resume: 'Riprendi le email',
  unsubscribedFromAllHeading: (tenant: string) => `L’iscrizione alle email di ${tenant} è annullata`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} non riceve email di marketing.`,
  unsubscribedByMistake: 'Ha annullato l’iscrizione per errore?',
  resubscribe: 'Riattiva l’iscrizione',

  unsubscribedTitle: 'Iscrizione annullata',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} non riceverà più email di marketing da ${tenant}. I messaggi necessari su un account o un ordine potrebbero comunque arrivare.`,
  topicUnsubscribedTitle: (topic: string) => `Iscrizione a ${quoted(topic)} annullata`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} non riceverà più le email della lista ${quoted(topic)}. Le altre email di ${tenant} continueranno ad arrivare come prima.`,
  resubscribedTitle: 'Iscrizione riattivata',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`L’annullamento dell’iscrizione è stato revocato: ${tenant} può di nuovo inviare email a ${address}.`,
  stillSuppressed:
    'L’indirizzo resta bloccato per un altro motivo, quindi potrebbe continuare a non ricevere email da questo mittente.',
  unsubscribeAgain: 'Annulla di nuovo l’iscrizione',
  nothingToUndoTitle: 'Niente da annullare',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`Non abbiamo trovato alcun annullamento dell’iscrizione da parte Sua per ${address}. Per ricevere di nuovo le email di ${tenant}, contatti direttamente il mittente.`,
  savedTitle: 'Preferenze salvate',
  savedUnchanged: 'Non è cambiato nulla: queste erano già le Sue scelte.',
  savedReceiving: 'Riceve:',
  savedNotReceiving: 'Non riceve:',
  pausedTitle: 'Email sospese',
  pausedBody: (tenant: string, date: string) =>
    `Non riceverà email di marketing da ${tenant} fino al ${date}. Dopo quella data riprenderanno automaticamente.`,
  resumedTitle: 'Email riattivate',
  resumedBody: (tenant: string) =>
    `La pausa è terminata: ${tenant} può di nuovo inviarLe email, secondo le Sue scelte.`,
  notOfferedTitle: 'Questa scelta non è disponibile',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `La lista ${and(topics.map(quoted))} non è disponibile qui.`,
      other: `Le liste ${and(topics.map(quoted))} non sono disponibili qui.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `Una pausa di ${quoted(given)} giorni non è prevista: scelga ${or(offered.map(number))} giorni.`,
  choiceNotOffered: 'Questa scelta non è disponibile in questa pagina.',
  nothingChanged: 'Non è stato modificato nulla.',

  invalidLinkTitle: 'Questo link non funziona',
  invalidLinkBody:
    'Il link per annullare l’iscrizione potrebbe essere stato troncato o modificato. Lo apra di nuovo dall’email oppure copi il link completo nella barra degli indirizzi.',
  invalidLinkHelp: 'Se continua a non funzionare, risponda all’email e chieda la cancellazione.',
  unrecognizedTitle: 'Richiesta non riconosciuta',
  tooLargeTitle: 'Richiesta troppo grande',
  useThePage: 'Apra il link per annullare l’iscrizione dall’email e usi i pulsanti di quella pagina.',
  failureTitle: 'Si è verificato un errore',
  failureBody: 'Non siamo riusciti a completare l’operazione. Riprovi tra qualche minuto.',
};
