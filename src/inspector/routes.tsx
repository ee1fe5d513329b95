import { Hono } from 'hono';
import { toIso } from '../engine/clock.js';
import { INSPECTOR_PREFIX } from '../http/control.js';
import { errorBody, isExpectedError, statusOf, toDomainError } from '../http/errors.js';
import type { AppEnv } from '../http/router.js';
import { snapshotResponse } from '../http/snapshot-response.js';
import { scenarioNames } from '../scenarios/index.js';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages } from '../store/errors.js';
import { htmlResponse, stylesheetResponse } from '../web/page.js';
import { ACTIONS, type Form } from './actions.js';
import { liveHub, liveStream } from './live.js';
import { findInProject, projectPageData, projectSummaries, userView } from './queries.js';
import { INSPECTOR_SCRIPT } from './script.js';
import type { Chrome } from './views/common.js';
import { EventsPage, FaultsPage, RequestsPage, SnapshotPage, TimePage, WebhooksPage } from './views/ops.js';
import { ErrorPage, ProjectPage, ProjectsPage, UserPage } from './views/world.js';

const UI = INSPECTOR_PREFIX;
const PROJECTS_PER_PAGE = 50;
const JOBS_SHOWN = 50;

function chrome(sim: Simulator, extra: Partial<Chrome> = {}): Chrome {
  return { now: sim.clock.nowIso(), frozen: sim.clock.frozen, ...extra };
}

/** Where an action may send the browser back to: an inspector page, never another site. */
function backTo(value: string | undefined): string {
  return value !== undefined &&
    (value === UI || value.startsWith(`${UI}/`) || value.startsWith(`${UI}?`)) &&
    !value.includes('//')
    ? value
    : UI;
}

function withNotice(back: string, notice: string): string {
  const url = new URL(back, 'http://inspector');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

async function readForm(c: { req: { parseBody(): Promise<Record<string, unknown>> } }): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}));
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

/**
 * The web inspector (GET /__mock/ui): server-rendered pages of the simulated world, live by
 * server-sent events, and forms for every control-plane action. Mounted under the control prefix,
 * so the guard (admin token, --no-control-plane) covers it like every /__mock route.
 */
export const inspectorRouter = new Hono<AppEnv>()
  .get('/style.css', (c) => stylesheetResponse(c))
  .get('/inspector.js', (c) =>
    c.body(INSPECTOR_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
  )
  .get('/stream', (c) => liveStream(c.get('sim'), c.req.raw.signal))
  .get('/', (c) => {
    const sim = c.get('sim');
    const page = Math.max(1, Math.floor(Number(c.req.query('page') ?? 1)) || 1);
    const { projects, total } = projectSummaries(sim, (page - 1) * PROJECTS_PER_PAGE, PROJECTS_PER_PAGE);
    return htmlResponse(
      c,
      <ProjectsPage
        chrome={chrome(sim, { notice: c.req.query('notice') })}
        projects={projects}
        total={total}
        page={page}
        pageSize={PROJECTS_PER_PAGE}
        scenario={sim.scenario.name}
        scenarios={scenarioNames()}
      />,
    );
  })
  .get('/open', (c) => c.redirect(`${UI}/projects/${encodeURIComponent(c.req.query('project') ?? '')}`, 303))
  .get('/projects/:project', (c) => {
    const sim = c.get('sim');
    const project = c.req.param('project');
    const query = (c.req.query('q') ?? '').trim();
    const found = query ? findInProject(sim, project, query) : undefined;
    if (found?.user)
      return c.redirect(`${UI}/projects/${encodeURIComponent(project)}/users/${encodeURIComponent(found.user)}`, 303);
    const data = projectPageData(sim, project, { after: c.req.query('after'), before: c.req.query('before') });
    const back = `${UI}/projects/${encodeURIComponent(project)}`;
    return htmlResponse(
      c,
      <ProjectPage
        chrome={chrome(sim, { notice: c.req.query('notice') })}
        project={project}
        users={data.users}
        total={data.total}
        query={query}
        results={found ? { users: [], note: `nothing in ${project} is ${query}` } : undefined}
        scenarios={scenarioNames()}
        scenario={sim.scenario.name}
        back={back}
      />,
    );
  })
  .get('/projects/:project/users/:user', (c) => {
    const sim = c.get('sim');
    const project = c.req.param('project');
    const user = c.req.param('user');
    const back = `${UI}/projects/${encodeURIComponent(project)}/users/${encodeURIComponent(user)}`;
    return htmlResponse(
      c,
      <UserPage chrome={chrome(sim, { notice: c.req.query('notice') })} view={userView(sim, project, user, back)} />,
    );
  })
  .get('/events', (c) => {
    const sim = c.get('sim');
    const type = c.req.query('type')?.trim() ?? '';
    const project = c.req.query('project')?.trim() ?? '';
    const events = sim.events.list(
      { after: c.req.query('after'), before: c.req.query('before'), limit: 25 },
      { type: type || undefined, project: project || undefined },
    );
    return htmlResponse(
      c,
      <EventsPage chrome={chrome(sim, { notice: c.req.query('notice') })} events={events} type={type} project={project} />,
    );
  })
  .get('/webhooks', (c) => {
    const sim = c.get('sim');
    return htmlResponse(
      c,
      <WebhooksPage
        chrome={chrome(sim, { notice: c.req.query('notice') })}
        endpoints={sim.webhooks.endpoints()}
        deliveries={sim.webhooks.deliveries({}, 50)}
        secret={sim.webhooks.secret}
      />,
    );
  })
  .get('/requests', (c) => {
    const sim = c.get('sim');
    return htmlResponse(c, <RequestsPage chrome={chrome(sim)} requests={sim.requests.recent(100)} />);
  })
  .get('/time', (c) => {
    const sim = c.get('sim');
    const jobs = sim.scheduler
      .jobs()
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .slice(0, JOBS_SHOWN)
      .map((j) => ({ at: toIso(j.at), kind: j.kind, project: j.project, target: j.target }));
    const next = sim.scheduler.nextDueAt();
    return htmlResponse(
      c,
      <TimePage
        chrome={chrome(sim, { notice: c.req.query('notice') })}
        jobs={jobs}
        pending={sim.scheduler.size}
        nextJobAt={next === undefined ? null : toIso(next)}
      />,
    );
  })
  .get('/faults', (c) => {
    const sim = c.get('sim');
    return htmlResponse(c, <FaultsPage chrome={chrome(sim, { notice: c.req.query('notice') })} faults={sim.faults.list()} />);
  })
  .get('/snapshot', (c) => htmlResponse(c, <SnapshotPage chrome={chrome(c.get('sim'), { notice: c.req.query('notice') })} />))
  .get('/snapshot.json', (c) => {
    return snapshotResponse(c.get('sim'), { 'content-disposition': 'attachment; filename="gigs-mock-snapshot.json"' });
  })
  .post('/snapshot', async (c) => {
    const sim = c.get('sim');
    const back = `${UI}/snapshot`;
    try {
      const body = await c.req.parseBody();
      const file = body.snapshot;
      const text = typeof file === 'string' ? file : file instanceof File ? await file.text() : '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new DomainError('malformed', Messages.snapshotNotJson);
      }
      await sim.restoreAsync(parsed);
      liveHub(sim).notify('action');
      return c.redirect(withNotice(back, 'Snapshot restored.'), 303);
    } catch (err) {
      return failed(c, sim, err, back);
    }
  })
  .post('/actions/:name', async (c) => {
    const sim = c.get('sim');
    const form = await readForm(c);
    const back = backTo(form.back);
    const action = Object.hasOwn(ACTIONS, c.req.param('name')) ? ACTIONS[c.req.param('name')] : undefined;
    try {
      if (action === undefined) throw new DomainError('notFound', Messages.routeNotFound);
      const notice = await action(sim, form);
      liveHub(sim).notify('action');
      return c.redirect(withNotice(back, notice), 303);
    } catch (err) {
      return failed(c, sim, err, back);
    }
  });

// A page whose project, user or cursor does not exist: the Gigs error on a page, not JSON.
inspectorRouter.onError((err, c) => failed(c, c.get('sim'), err, UI));

/** Bad input: the Gigs error, on a page (and in #flash, which the script shows in place). */
function failed(c: Parameters<typeof htmlResponse>[0], sim: Simulator, err: unknown, back: string): Response {
  if (!isExpectedError(err)) sim.reportError(err, `${c.req.method} ${c.req.path}`);
  const error = toDomainError(err);
  const body = errorBody(error, { conflictStatus: sim.options.conflictStatus });
  const status = statusOf(error, { conflictStatus: sim.options.conflictStatus });
  const pageStatus = status === 404 ? 404 : status >= 500 ? 422 : status === 400 ? 400 : 422;
  return htmlResponse(c, <ErrorPage chrome={chrome(sim, { error: { message: body.message, body } })} back={back} />, pageStatus);
}
