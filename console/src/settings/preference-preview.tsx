import { maskValue } from '#domain/mask';
import { PAUSE_DAYS, type Topic } from '#domain/topics';
import { textIn } from '../lib/topics';

const SAMPLE_ADDRESS = 'jane.doe@example.com';

/**
 * What a recipient who never chose sees on the page an unsubscribe link opens, with these settings as they are
 * typed: the structure of functions/http/unsubscribe-page/preference-page.ts (with topics: every topic a checkbox,
 * ticked when subscribed by default, Save preferences, the pauses, Unsubscribe from everything; without: the
 * question, Unsubscribe from everything and the pauses), drawn here rather than rendered by the server's code,
 * which the console does not bundle. In English; topic texts in the workspace's default locale. Nothing in it
 * does anything.
 */
export function PreferencePreview(props: {
  readonly displayName: string;
  readonly postalAddress: string;
  readonly privacyUrl: string;
  readonly tenant: string;
  readonly topics: readonly Topic[];
  readonly locale: string;
}) {
  const name = props.displayName.trim() || props.tenant;
  const postal = props.postalAddress.trim();
  const privacy = props.privacyUrl.trim();
  const address = <span class="confirm-address">{maskValue('email', SAMPLE_ADDRESS)}</span>;
  const button = (label: string, secondary = false) => (
    <button
      type="button"
      class={secondary ? 'confirm-button confirm-secondary' : 'confirm-button'}
      disabled
      aria-describedby="preview-note"
    >
      {label}
    </button>
  );
  const pause = (
    <>
      <h4 class="confirm-subtitle">Take a break</h4>
      <p>Pause all marketing emails from {name}. They start again by themselves at the end of the pause.</p>
      <div class="confirm-actions">
        {PAUSE_DAYS.map((days) => (
          <span key={days}>{button(`Pause all emails for ${days} days`, true)}</span>
        ))}
      </div>
    </>
  );
  return (
    <section class="confirm-preview-wrap" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Recipient page preview</h2>
      <p class="hint">
        What a recipient sees after clicking an unsubscribe link; it updates as you type. Recipients read it
        in their own language (seven are offered); topic names are shown here in your default locale (
        {props.locale}).
      </p>
      <div class="confirm-preview">
        <div class="confirm-main">
          <p class="confirm-sender">{name}</p>
          {props.topics.length === 0 ? (
            <>
              <h3 class="confirm-title">Unsubscribe from {name}?</h3>
              <p>Stop marketing emails to {address}.</p>
              {button('Unsubscribe from everything')}
              {pause}
            </>
          ) : (
            <>
              <h3 class="confirm-title">Your emails from {name}</h3>
              <p>Tick the emails you want to keep receiving at {address}.</p>
              <fieldset class="confirm-topics">
                <legend>Emails you receive</legend>
                {props.topics.map((topic, index) => {
                  const id = `preview-topic-${index}`;
                  const description = textIn(topic.description, props.locale);
                  return (
                    <div class="confirm-topic" key={`${index}-${topic.id}`}>
                      <input
                        type="checkbox"
                        id={id}
                        checked={topic.defaultSubscribed}
                        disabled
                        aria-describedby={description ? `${id}-about` : undefined}
                      />
                      <label for={id}>{textIn(topic.name, props.locale) || topic.id}</label>
                      {description ? <p id={`${id}-about`}>{description}</p> : null}
                    </div>
                  );
                })}
              </fieldset>
              {button('Save preferences')}
              {pause}
              <h4 class="confirm-subtitle">Leave everything</h4>
              <p>
                Stop all marketing emails from {name}. Messages you need about an account or an order may
                still arrive.
              </p>
              {button('Unsubscribe from everything', true)}
            </>
          )}
          <p class="visually-hidden" id="preview-note">
            A preview: the button does nothing here.
          </p>
        </div>
        {postal || privacy ? (
          <div class="confirm-footer">
            {postal ? <address>{postal}</address> : null}
            {privacy ? (
              <p>
                <span class="confirm-link">Privacy policy</span>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
