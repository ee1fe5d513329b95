/**
 * The one stylesheet of the simulator's own web pages (the simulated Connect pages and the
 * inspector). Served by the simulator itself, never from a CDN: users may be offline. Light by
 * default; `data-theme="dark"` on <html> (Connect's `appearance.theme`) or, with no theme set, a
 * dark system preference turns it dark.
 */
export const STYLESHEET = `
:root { color-scheme: light; --bg: #f6f7f9; --fg: #16181d; --muted: #5b6270; --card: #ffffff;
  --line: #d9dde3; --accent: #2f5bd3; --accent-fg: #ffffff; --bad: #b3261e; --bad-bg: #fde8e6;
  --good: #1d6b3a; --good-bg: #e3f4e8; --warn-bg: #fff4d6; --focus: #f0b400; }
[data-theme="dark"] { color-scheme: dark; --bg: #111318; --fg: #e8eaef; --muted: #a2a9b6; --card: #1b1e25;
  --line: #333844; --accent: #8aa8ff; --accent-fg: #0b1020; --bad: #ffb4ab; --bad-bg: #3b1512;
  --good: #8fd6a6; --good-bg: #12301d; --warn-bg: #3a2f0b; }
@media (prefers-color-scheme: dark) { :root:not([data-theme]) { color-scheme: dark; --bg: #111318; --fg: #e8eaef;
  --muted: #a2a9b6; --card: #1b1e25; --line: #333844; --accent: #8aa8ff; --accent-fg: #0b1020; --bad: #ffb4ab;
  --bad-bg: #3b1512; --good: #8fd6a6; --good-bg: #12301d; --warn-bg: #3a2f0b; } }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sim-banner { background: var(--warn-bg); border-bottom: 1px solid var(--line); padding: .4rem 1rem; font-size: .85rem; }
.sim-banner strong { letter-spacing: .02em; }
main { max-width: 40rem; margin: 1.5rem auto; padding: 0 1rem; }
main.wide { max-width: 72rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
form .field { margin: 0 0 .85rem; }
label { display: block; font-weight: 600; margin: 0 0 .2rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1rem; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: baseline; }
input[type="text"], input[type="email"], input[type="tel"], input[type="date"], input[type="password"], input:not([type]), select, textarea {
  width: 100%; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: .35rem; background: var(--card); color: var(--fg); font: inherit; }
.hint { font-size: .85rem; color: var(--muted); margin: .15rem 0 0; }
.field-error { color: var(--bad); font-size: .9rem; margin: .2rem 0 0; }
.alert { border-radius: .4rem; padding: .75rem 1rem; margin: 0 0 1rem; border: 1px solid var(--line); }
.alert.error { background: var(--bad-bg); color: var(--bad); }
.alert.success { background: var(--good-bg); color: var(--good); }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin: 1rem 0 0; }
button, .button { display: inline-block; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg);
  border-radius: .35rem; padding: .5rem 1rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); color: var(--card); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: .35rem; padding: .5rem; overflow: auto; }
.qr { width: 12rem; height: 12rem; image-rendering: pixelated; background: #fff; padding: .5rem; border-radius: .35rem; }
.steps { list-style: none; display: flex; gap: .5rem; padding: 0; margin: 0 0 1rem; font-size: .85rem; color: var(--muted); }
.steps li[aria-current="step"] { color: var(--fg); font-weight: 600; }
.status { display: inline-block; border-radius: 1rem; padding: 0 .6rem; font-size: .85rem; border: 1px solid var(--line); }
/* The inspector (src/inspector). */
.inspector-nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; border-bottom: 1px solid var(--line); padding: 0 0 .5rem; margin: 0 0 .5rem; }
.inspector-nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
.inspector-nav-docs { margin-left: auto; font-size: .9rem; }
.clock-badge { font-size: .85rem; margin: 0 0 .75rem; }
.crumbs { font-size: .9rem; color: var(--muted); margin: 0; }
h3 { font-size: 1rem; margin: 0 0 .5rem; }
.inline-form { display: inline-flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 .5rem; }
label.inline { display: inline-flex; gap: .35rem; align-items: center; font-weight: 400; margin: 0; }
label.inline input, label.inline select { width: auto; }
.actions .inline-form { margin: 0; }
.pager { display: flex; gap: 1rem; align-items: baseline; }
ol.log { list-style: none; padding: 0; margin: 0; }
ol.log > li { border-bottom: 1px solid var(--line); padding: .3rem 0; }
ol.log summary { cursor: pointer; overflow-wrap: anywhere; }
ol.attempts { margin: 0; padding-left: 1.1rem; font-size: .85rem; }
pre.json { max-height: 24rem; }
.sim-card { display: flex; gap: 1rem; justify-content: space-between; flex-wrap: wrap; }
.fault-form .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0 1rem; }
.status-active, .status-succeeded, .status-completed, .status-200, .status-201 { background: var(--good-bg); color: var(--good); }
.status-pending, .status-sending, .status-requested, .status-draft { background: var(--warn-bg); }
.status[class*="status-4"], .status[class*="status-5"], .status-ended, .status-failed, .status-declined, .status-deleted, .status-canceled { background: var(--bad-bg); color: var(--bad); }
`;
