import { html, type SafeHtml } from '../html';
import type { Messages } from './en';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('pt');
const and = listOf('pt', 'conjunction');
const or = listOf('pt', 'disjunction');
const number = numberOf('pt');
const quoted = (text: string) => `“${text}”`;

/**
 * Portuguese for Portugal and Brazil alike: formal, mostly without a pronoun (imperatives and «seu/sua», which both
 * read as «você»), and only words spelt the same on both sides («e-mail», «deixar de receber», «pausar», «retomar»);
 * avoided: «subscrição/inscrição», «registado/registrado», «receção/recepção», «salvar» (pt-BR) for «guardar».
 */
export const pt: Messages = {
  privacyPolicy: 'Política de privacidade',
  languageNav: 'Idioma',
  backToPreferences: 'Voltar às preferências de e-mail',

  confirmTitle: (tenant: string) => `Deixar de receber e-mails de ${tenant}`,
  confirmHeading: (tenant: string) => `Deixar de receber e-mails de ${tenant}?`,
  confirmIntro: (address: SafeHtml) => html`Deixar de enviar e-mails de marketing para ${address}.`,

  preferencesTitle: (tenant: string) => `Os seus e-mails de ${tenant}`,
  preferencesIntro: (address: SafeHtml) => html`Marque os e-mails que deseja receber em ${address}.`,
  topicsLegend: 'E-mails que recebe',
  linkTopicNotice: (topic: string) =>
    `Este e-mail pertence à lista ${quoted(topic)}. A lista aparece desmarcada abaixo: clique em “Guardar preferências” para deixar de receber estes e-mails.`,
  savePreferences: 'Guardar preferências',
  retiredHeading: 'Listas que já não existem',
  retiredIntro: 'Saiu destas listas antes de elas terminarem: não as receberá.',
  pauseHeading: 'Fazer uma pausa',
  pauseIntro: (tenant: string) =>
    `Pause todos os e-mails de marketing de ${tenant}. Voltam automaticamente no fim da pausa.`,
  pauseButton: (days: number) =>
    `Pausar todos os e-mails durante ${number(days)} ${plural(days, { one: 'dia', many: 'de dias', other: 'dias' })}`,
  leaveHeading: 'Sair de todas as listas',
  leaveIntro: (tenant: string) =>
    `Deixe de receber todos os e-mails de marketing de ${tenant}. As mensagens necessárias sobre uma conta ou uma compra ainda podem chegar.`,
  unsubscribeAll: 'Deixar de receber tudo',
  pausedNotice: (date: string) => `Os seus e-mails estão em pausa até ${date}.`,
  resume: 'Retomar os e-mails',
  unsubscribedFromAllHeading: (tenant: string) => `Não recebe e-mails de marketing de ${tenant}`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} não recebe e-mails de marketing.`,
  unsubscribedByMistake: 'Foi por engano?',
  resubscribe: 'Voltar a receber',

  unsubscribedTitle: 'Cancelamento confirmado',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} deixará de receber e-mails de marketing de ${tenant}. As mensagens necessárias sobre uma conta ou uma compra ainda podem chegar.`,
  topicUnsubscribedTitle: (topic: string) => `Deixou de receber ${quoted(topic)}`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} deixará de receber os e-mails da lista ${quoted(topic)}. Os outros e-mails de ${tenant} continuam como antes.`,
  resubscribedTitle: 'Vai voltar a receber e-mails',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`O cancelamento foi anulado: ${tenant} pode voltar a enviar e-mails para ${address}.`,
  stillSuppressed:
    'O endereço continua bloqueado por outro motivo, por isso é possível que continue sem receber e-mails deste remetente.',
  unsubscribeAgain: 'Deixar de receber novamente',
  nothingToUndoTitle: 'Nada a anular',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`Não há nenhum cancelamento seu para ${address} que possa ser anulado. Para voltar a receber e-mails de ${tenant}, fale diretamente com o remetente.`,
  savedTitle: 'As suas preferências foram guardadas',
  savedUnchanged: 'Nada mudou: estas já eram as suas escolhas.',
  savedReceiving: 'Recebe:',
  savedNotReceiving: 'Não recebe:',
  pausedTitle: 'Os seus e-mails estão em pausa',
  pausedBody: (tenant: string, date: string) =>
    `Não vai receber e-mails de marketing de ${tenant} até ${date}. Depois disso, voltam automaticamente.`,
  resumedTitle: 'Os seus e-mails foram retomados',
  resumedBody: (tenant: string) =>
    `A pausa terminou: ${tenant} pode voltar a enviar e-mails, de acordo com as suas escolhas.`,
  notOfferedTitle: 'Esta opção não está disponível',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `A lista ${and(topics.map(quoted))} não está disponível aqui.`,
      other: `As listas ${and(topics.map(quoted))} não estão disponíveis aqui.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `Uma pausa de ${quoted(given)} dias não está disponível: escolha ${or(offered.map(number))} dias.`,
  choiceNotOffered: 'Esta opção não está disponível nesta página.',
  nothingChanged: 'Nada foi alterado.',

  invalidLinkTitle: 'Este link não funciona',
  invalidLinkBody:
    'O link para deixar de receber e-mails pode ter sido cortado ou alterado pelo caminho. Abra-o novamente a partir do e-mail ou copie o link completo para a barra de endereços.',
  invalidLinkHelp: 'Se continuar sem funcionar, responda ao e-mail e peça a remoção do seu endereço.',
  unrecognizedTitle: 'Pedido não reconhecido',
  tooLargeTitle: 'Pedido demasiado grande',
  useThePage:
    'Abra o link para deixar de receber e-mails a partir do e-mail e utilize os botões dessa página.',
  failureTitle: 'Ocorreu um erro',
  failureBody: 'Não foi possível concluir a operação. Tente novamente em alguns minutos.',
};
