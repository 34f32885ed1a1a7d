import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('es');
const and = listOf('es', 'conjunction');
const or = listOf('es', 'disjunction');
const number = numberOf('es');
// The RAE recommends angular quotation marks first.
const quoted = (text: string) => `«${text}»`;

/** Spanish, addressing the reader as «usted», in wording shared by Spain and Latin America. */
export const es: Messages = {
  privacyPolicy: 'Política de privacidad',
  languageNav: 'Idioma',
  backToPreferences: 'Volver a sus preferencias de correo',

  confirmTitle: (tenant: string) => `Darse de baja de ${tenant}`,
  confirmHeading: (tenant: string) => `¿Darse de baja de ${tenant}?`,
  confirmIntro: (address: SafeHtml) => html`Dejar de enviar correos de marketing a ${address}.`,

  preferencesTitle: (tenant: string) => `Sus correos de ${tenant}`,
  preferencesIntro: (address: SafeHtml) =>
    html`Marque los correos que desea seguir recibiendo en ${address}.`,
  topicsLegend: 'Correos que recibe',
  linkTopicNotice: (topic: string) =>
    `Este correo pertenece a la lista ${quoted(topic)}. Aparece desmarcada abajo: pulse «Guardar preferencias» para darse de baja de ella.`,
  savePreferences: 'Guardar preferencias',
  retiredHeading: 'Listas que ya no existen',
  retiredIntro: 'Usted se dio de baja de estas listas antes de que dejaran de existir; no las recibirá.',
  pauseHeading: 'Hacer una pausa',
  pauseIntro: (tenant: string) =>
    `Pause todos los correos de marketing de ${tenant}. Volverá a recibirlos automáticamente al final de la pausa.`,
  pauseButton: (days: number) =>
    `Pausar todos los correos durante ${number(days)} ${plural(days, { one: 'día', many: 'de días', other: 'días' })}`,
  leaveHeading: 'Dejar de recibirlo todo',
  leaveIntro: (tenant: string) =>
    `Deje de recibir todos los correos de marketing de ${tenant}. Es posible que siga recibiendo los mensajes necesarios sobre una cuenta o un pedido.`,
  unsubscribeAll: 'Darse de baja de todo',
  pausedNotice: (date: string) => `Sus correos están en pausa hasta el ${date}.`,
  resume: 'Reanudar los correos',
  unsubscribedFromAllHeading: (tenant: string) => `Se ha dado de baja de ${tenant}`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} no recibe correos de marketing.`,
  unsubscribedByMistake: '¿Se dio de baja por error?',
  resubscribe: 'Volver a suscribirse',

  unsubscribedTitle: 'Se ha dado de baja',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} ya no recibirá correos de marketing de ${tenant}. Es posible que siga recibiendo los mensajes necesarios sobre una cuenta o un pedido.`,
  topicUnsubscribedTitle: (topic: string) => `Se ha dado de baja de ${quoted(topic)}`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} ya no recibirá los correos de la lista ${quoted(topic)}. Sus demás correos de ${tenant} seguirán llegando como hasta ahora.`,
  resubscribedTitle: 'Su suscripción se ha reactivado',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`Su baja se ha anulado: ${tenant} puede volver a enviar correos a ${address}.`,
  stillSuppressed:
    'La dirección sigue bloqueada por otro motivo, por lo que es posible que siga sin recibir correos de este remitente.',
  unsubscribeAgain: 'Volver a darse de baja',
  nothingToUndoTitle: 'No hay nada que deshacer',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`No hemos encontrado ninguna baja suya para ${address} que se pueda deshacer. Si desea volver a recibir correos de ${tenant}, póngase en contacto directamente con el remitente.`,
  savedTitle: 'Sus preferencias se han guardado',
  savedUnchanged: 'No ha cambiado nada: estas ya eran sus preferencias.',
  savedReceiving: 'Recibe:',
  savedNotReceiving: 'No recibe:',
  pausedTitle: 'Sus correos están en pausa',
  pausedBody: (tenant: string, date: string) =>
    `No recibirá correos de marketing de ${tenant} hasta el ${date}. Después volverá a recibirlos automáticamente.`,
  resumedTitle: 'Vuelve a recibir sus correos',
  resumedBody: (tenant: string) =>
    `La pausa ha terminado: ${tenant} puede volver a enviarle correos, según sus preferencias.`,
  notOfferedTitle: 'Esta opción no está disponible',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `La lista ${and(topics.map(quoted))} no está disponible aquí.`,
      other: `Las listas ${and(topics.map(quoted))} no están disponibles aquí.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `No se ofrece una pausa de ${quoted(given)} días: elija ${or(offered.map(number))} días.`,
  choiceNotOffered: 'Esta opción no está disponible en esta página.',
  nothingChanged: 'No se ha modificado nada.',

  invalidLinkTitle: 'Este enlace no funciona',
  invalidLinkBody:
    'Es posible que el enlace para darse de baja se haya cortado o modificado por el camino. Vuelva a abrirlo desde el correo o copie el enlace completo en la barra de direcciones.',
  invalidLinkHelp: 'Si sigue sin funcionar, responda al correo y solicite que le den de baja.',
  unrecognizedTitle: 'Solicitud no reconocida',
  tooLargeTitle: 'Solicitud demasiado grande',
  useThePage: 'Abra el enlace para darse de baja desde el correo y utilice los botones de esa página.',
  failureTitle: 'Se ha producido un error',
  failureBody: 'No hemos podido completar la operación. Vuelva a intentarlo dentro de unos minutos.',
};
