import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('fr');
const and = listOf('fr', 'conjunction');
const or = listOf('fr', 'disjunction');
const number = numberOf('fr');
// French typography: guillemets and a no-break space before « : ; ? ! » and inside the guillemets.
const quoted = (text: string) => `«\u00a0${text}\u00a0»`;

/**
 * French, addressing the reader as « vous ». Sender names follow « par » or « de la part de » rather than « de »,
 * which would need elision before a vowel (« d’Acme »); no past participle agrees with the reader (gender unknown).
 */
export const fr: Messages = {
  privacyPolicy: 'Politique de confidentialité',
  languageNav: 'Langue',
  backToPreferences: 'Revenir à vos préférences',

  confirmTitle: (tenant: string) => `Se désabonner des e-mails envoyés par ${tenant}`,
  confirmHeading: (tenant: string) => `Se désabonner des e-mails envoyés par ${tenant}\u00a0?`,
  confirmIntro: (address: SafeHtml) => html`Ne plus recevoir d’e-mails marketing à l’adresse ${address}.`,

  preferencesTitle: (tenant: string) => `Les e-mails que vous envoie ${tenant}`,
  preferencesIntro: (address: SafeHtml) =>
    html`Cochez les e-mails que vous souhaitez continuer à recevoir à l’adresse ${address}.`,
  topicsLegend: 'Les e-mails que vous recevez',
  linkTopicNotice: (topic: string) =>
    `Cet e-mail fait partie de la liste ${quoted(topic)}. Elle est décochée ci-dessous\u00a0: cliquez sur «\u00a0Enregistrer mes préférences\u00a0» pour vous en désabonner.`,
  savePreferences: 'Enregistrer mes préférences',
  retiredHeading: 'Listes qui n’existent plus',
  retiredIntro: 'Vous avez quitté ces listes avant leur arrêt\u00a0: vous ne les recevrez pas.',
  pauseHeading: 'Faire une pause',
  pauseIntro: (tenant: string) =>
    `Suspendez tous les e-mails marketing envoyés par ${tenant}. Ils reprendront d’eux-mêmes à la fin de la pause.`,
  pauseButton: (days: number) =>
    `Suspendre tous les e-mails pendant ${number(days)} ${plural(days, { one: 'jour', many: 'de jours', other: 'jours' })}`,
  leaveHeading: 'Tout arrêter',
  leaveIntro: (tenant: string) =>
    `Ne plus recevoir aucun e-mail marketing de la part de ${tenant}. Les messages nécessaires concernant un compte ou une commande peuvent continuer à arriver.`,
  unsubscribeAll: 'Se désabonner de tout',
  pausedNotice: (date: string) => `Vos e-mails sont suspendus jusqu’au ${date}.`,
  resume: 'Reprendre les e-mails',
  unsubscribedFromAllHeading: (tenant: string) =>
    `Vous ne recevez plus les e-mails marketing de la part de ${tenant}`,
  unsubscribedFromAllIntro: (address: SafeHtml) =>
    html`Aucun e-mail marketing n’est envoyé à l’adresse ${address}.`,
  unsubscribedByMistake: 'Un désabonnement par erreur\u00a0?',
  resubscribe: 'Se réabonner',

  unsubscribedTitle: 'Votre désabonnement est confirmé',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`L’adresse ${address} ne recevra plus d’e-mails marketing de la part de ${tenant}. Les messages nécessaires concernant un compte ou une commande peuvent continuer à arriver.`,
  topicUnsubscribedTitle: (topic: string) => `Votre désabonnement de la liste ${quoted(topic)} est confirmé`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`L’adresse ${address} ne recevra plus les e-mails de la liste ${quoted(topic)}. Vos autres e-mails envoyés par ${tenant} continuent comme avant.`,
  resubscribedTitle: 'Votre abonnement est rétabli',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`Votre désabonnement est annulé\u00a0: ${tenant} peut de nouveau écrire à l’adresse ${address}.`,
  stillSuppressed:
    'L’adresse reste bloquée pour une autre raison\u00a0: il se peut que vous ne receviez toujours rien de leur part.',
  unsubscribeAgain: 'Se désabonner à nouveau',
  nothingToUndoTitle: 'Rien à annuler',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`Nous n’avons trouvé aucun désabonnement de votre part à annuler pour l’adresse ${address}. Pour recevoir de nouveau les e-mails envoyés par ${tenant}, veuillez contacter directement l’expéditeur.`,
  savedTitle: 'Vos préférences sont enregistrées',
  savedUnchanged: 'Aucun changement\u00a0: c’étaient déjà vos choix.',
  savedReceiving: 'Vous recevez\u00a0:',
  savedNotReceiving: 'Vous ne recevez pas\u00a0:',
  pausedTitle: 'Vos e-mails sont suspendus',
  pausedBody: (tenant: string, date: string) =>
    `Vous ne recevrez aucun e-mail marketing de la part de ${tenant} jusqu’au ${date}. Ils reprendront ensuite d’eux-mêmes.`,
  resumedTitle: 'Vos e-mails reprennent',
  resumedBody: (tenant: string) =>
    `La pause est terminée\u00a0: ${tenant} peut de nouveau vous écrire, selon vos choix.`,
  notOfferedTitle: 'Ce choix n’est pas proposé',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `La liste ${and(topics.map(quoted))} n’est pas proposée ici.`,
      other: `Les listes ${and(topics.map(quoted))} ne sont pas proposées ici.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `Une pause de ${quoted(given)} jours n’est pas proposée\u00a0: choisissez ${or(offered.map(number))} jours.`,
  choiceNotOffered: 'Ce choix n’est pas proposé sur cette page.',
  nothingChanged: 'Rien n’a été modifié.',

  invalidLinkTitle: 'Ce lien ne fonctionne pas',
  invalidLinkBody:
    'Le lien de désabonnement a peut-être été coupé ou modifié en chemin. Ouvrez-le de nouveau depuis l’e-mail, ou copiez le lien complet dans la barre d’adresse.',
  invalidLinkHelp:
    'S’il ne fonctionne toujours pas, répondez à l’e-mail pour demander votre retrait de la liste.',
  unrecognizedTitle: 'Demande non comprise',
  tooLargeTitle: 'Demande trop volumineuse',
  useThePage:
    'Veuillez ouvrir le lien de désabonnement depuis l’e-mail et utiliser les boutons de cette page.',
  failureTitle: 'Une erreur s’est produite',
  failureBody:
    'Nous n’avons pas pu terminer l’opération de notre côté. Veuillez réessayer dans quelques minutes.',
};
