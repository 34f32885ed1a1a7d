import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let firstPage = true;

/**
 * A page: its `<h1>` and the document title. After a navigation inside the app (not on the first load), focus
 * moves to the heading, so a screen reader announces the new page and Tab continues from there.
 */
export function Page(props: { title: string; children?: ComponentChildren; intro?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Quietlist`;
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, [props.title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.intro}
      {props.children}
    </>
  );
}
