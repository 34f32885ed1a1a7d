import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A modal `<dialog>`, open while mounted: `showModal()` makes the rest of the page inert and moves focus into
 * it (to the element marked `autofocus`, else the first focusable one); Escape closes it (the browser's
 * `cancel`), and so does `onClose`'s caller unmounting it. Focus returns to what had it before, normally the
 * button that opened the dialog.
 */
export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The latest onClose, so that a parent passing a new function each render does not reopen the dialog.
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const closed = () => onClose.current();
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={titleId} class={props.wide ? 'modal modal-wide' : 'modal'}>
      <div class="modal-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="quiet" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
