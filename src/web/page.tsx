import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { STYLESHEET } from './style.js';

export type Theme = 'light' | 'dark';

export interface PageProps {
  title: string;
  /** Where the page's stylesheet is served (see `stylesheetResponse`). */
  stylesheet: string;
  /** What the banner says this page is: every page says it is a simulator. */
  banner: string;
  /** No theme: the system's preference. */
  theme?: Theme | undefined;
  wide?: boolean;
  children?: Child;
}

/** The frame of every page the simulator serves: a simulator banner, one stylesheet, no scripts. */
export function Page(props: PageProps) {
  return (
    <html lang="en" data-theme={props.theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body>
        <div class="sim-banner" role="note">
          <strong>gigs-mock</strong> · {props.banner}
        </div>
        <main id="main" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A rendered page: HTML5 doctype, no caching (the pages show live state), never framed. */
export function htmlResponse(
  c: Context,
  page: ReturnType<typeof Page>,
  status: 200 | 400 | 401 | 403 | 404 | 410 | 422 | 500 = 200,
): Response {
  return c.html(`<!doctype html>${String(page)}`, status, {
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on a form post,
    // and the Connect pages refuse forms from other origins (CSRF). No other site learns a page's URL.
    'referrer-policy': 'same-origin',
  });
}

/** The stylesheet, cacheable for a day (it changes only with the package). */
export function stylesheetResponse(c: Context): Response {
  return c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=86400' });
}
