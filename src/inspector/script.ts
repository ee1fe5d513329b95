/**
 * The inspector's only script, served from the simulator (no build step, no CDN). Everything works
 * without it: forms POST and the server redirects back. With it, forms are sent with fetch and the
 * page swaps its live regions (`[data-live]`, each with an id) from the answer, and a server-sent
 * event stream makes the page fetch itself again whenever the simulated world changes.
 */
export const INSPECTOR_SCRIPT = `
(() => {
  const root = document.documentElement;
  const streamUrl = document.getElementById('inspector')?.dataset.stream;
  let refreshing = false, again = false;

  function swap(html, withFlash) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const fresh of doc.querySelectorAll('[data-live]')) {
      const current = fresh.id && document.getElementById(fresh.id);
      if (!current) continue;
      // A live refresh leaves alone the region someone is typing in; the next one catches up.
      const typing = document.activeElement;
      if (!withFlash && typing && current.contains(typing) && /^(INPUT|SELECT|TEXTAREA)$/.test(typing.tagName)) continue;
      const open = new Set([...current.querySelectorAll('details[open][id]')].map((d) => d.id));
      current.replaceWith(fresh);
      for (const id of open) document.getElementById(id)?.setAttribute('open', '');
    }
    if (withFlash) {
      const flash = document.getElementById('flash');
      const next = doc.getElementById('flash');
      if (flash && next) flash.replaceWith(next);
    }
    root.dataset.refreshed = String(Number(root.dataset.refreshed || 0) + 1);
  }

  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
      if (res.ok) swap(await res.text(), false);
    } catch {}
    refreshing = false;
    if (again) { again = false; refresh(); }
  }

  let timer;
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 50); }

  if (streamUrl && 'EventSource' in window) {
    const source = new EventSource(streamUrl);
    source.addEventListener('ready', () => { root.dataset.live = 'on'; });
    source.addEventListener('change', soon);
    source.addEventListener('error', () => { root.dataset.live = 'off'; });
  }

  document.addEventListener('submit', async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post' || form.hasAttribute('data-native')) return;
    if (form.dataset.confirm && !confirm(form.dataset.confirm)) { e.preventDefault(); return; }
    e.preventDefault();
    const body = new URLSearchParams(new FormData(form, e.submitter));
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      const res = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
      const html = await res.text();
      swap(html, true);
      if (res.ok && form.hasAttribute('data-reset')) form.reset();
    } catch (err) {
      const flash = document.getElementById('flash');
      if (flash) flash.innerHTML = '<div class="alert error" role="alert">The simulator did not answer.</div>';
    }
    for (const b of form.querySelectorAll('button')) b.disabled = false;
  });
})();
`;
