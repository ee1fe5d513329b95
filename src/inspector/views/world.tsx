import type { User } from '../../schemas/user.js';
import type { Page as ListPage } from '../../store/collection.js';
import { Action, type Chrome, Layout, Pager, projectPath, Status, UI, userPath } from './common.js';
import { USER_SECTIONS, type UserView } from './user-sections.js';

export interface ProjectSummary {
  id: string;
  users: number;
  subscriptions: number;
  sims: number;
}

export function ProjectsPage(props: {
  chrome: Chrome;
  projects: ProjectSummary[];
  total: number;
  page: number;
  pageSize: number;
  scenario: string;
  scenarios: string[];
}) {
  const { page, pageSize, total } = props;
  return (
    <Layout title="Projects" chrome={props.chrome} current="Projects">
      <h1>Projects</h1>
      <p class="muted">
        A project comes into being the first time a request names it (open mode), seeded by the start-up scenario{' '}
        <code>{props.scenario}</code>.
      </p>
      <form method="get" action={`${UI}/open`} class="inline-form">
        <label class="inline">
          Open project <input name="project" placeholder="demo" required />
        </label>
        <button type="submit" class="secondary">
          Open
        </button>
      </form>
      <section id="projects" data-live>
        {props.projects.length === 0 ? (
          <p class="muted">No project yet: make a first API call, for example the README's guide.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Project</th>
                <th>Users</th>
                <th>Subscriptions</th>
                <th>SIMs</th>
              </tr>
            </thead>
            <tbody>
              {props.projects.map((p) => (
                <tr>
                  <td>
                    <a href={projectPath(p.id)}>{p.id}</a>
                  </td>
                  <td>{p.users}</td>
                  <td>{p.subscriptions}</td>
                  <td>{p.sims}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="pager">
          {page > 1 ? <a href={`${UI}?page=${page - 1}`}>← Previous</a> : null}
          {page * pageSize < total ? <a href={`${UI}?page=${page + 1}`}>Next →</a> : null}
          <span class="muted">{total} project(s)</span>
        </p>
      </section>
      <h2>Whole simulator</h2>
      <div class="actions">
        <Action
          name="loadScenario"
          back={UI}
          label="Load scenario into every project"
          kind="secondary"
          confirm="Reset every project?"
        >
          <ScenarioSelect scenarios={props.scenarios} current={props.scenario} />
        </Action>
        <Action name="reset" back={UI} label="Reset everything" kind="danger" confirm="Reset every project?" />
      </div>
    </Layout>
  );
}

function ScenarioSelect(props: { scenarios: string[]; current: string }) {
  return (
    <label class="inline">
      Scenario{' '}
      <select name="scenario">
        {props.scenarios.map((s) => (
          <option value={s} selected={s === props.current}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ProjectPage(props: {
  chrome: Chrome;
  project: string;
  users: ListPage<User>;
  total: number;
  query: string;
  results?: { users: User[]; note: string } | undefined;
  scenarios: string[];
  scenario: string;
  back: string;
}) {
  const base = projectPath(props.project);
  const rows = props.results?.users ?? props.users.items;
  return (
    <Layout title={props.project} chrome={props.chrome} current="Projects">
      <p class="crumbs">
        <a href={UI}>Projects</a> / {props.project}
      </p>
      <h1>
        Project <code>{props.project}</code>
      </h1>
      <form method="get" action={base} class="inline-form" aria-label="Search the project">
        <label class="inline">
          Search{' '}
          <input name="q" value={props.query} placeholder="id (usr_, sub_, sim_, prt_, dev_), email, +phone or ICCID" size={48} />
        </label>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <section id="users" data-live>
        <h2>{props.results ? `Search: ${props.results.note}` : `Users (${props.total})`}</h2>
        {rows.length === 0 ? (
          <p class="muted">{props.results ? 'Nothing matches.' : 'No users yet.'}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>User</th>
                <th>Email</th>
                <th>Name</th>
                <th>Status</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr>
                  <td>
                    <a href={userPath(props.project, u.id)}>
                      <code>{u.id}</code>
                    </a>
                  </td>
                  <td>{u.email}</td>
                  <td>{u.fullName ?? '—'}</td>
                  <td>
                    <Status value={u.status} />
                  </td>
                  <td>{u.createdAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.results ? null : <Pager base={base} page={props.users} />}
      </section>
      <h2>Project actions</h2>
      <div class="actions">
        <Action name="loadScenario" back={props.back} label="Load scenario" kind="secondary" fields={{ project: props.project }}>
          <ScenarioSelect scenarios={props.scenarios} current={props.scenario} />
        </Action>
        <Action
          name="reset"
          back={props.back}
          label="Reset project"
          kind="danger"
          fields={{ project: props.project }}
          confirm={`Reset ${props.project} to its start-up scenario?`}
        />
      </div>
    </Layout>
  );
}

export function UserPage(props: { chrome: Chrome; view: UserView }) {
  const { view } = props;
  const { user } = view;
  return (
    <Layout title={user.email} chrome={props.chrome} current="Projects">
      <p class="crumbs">
        <a href={UI}>Projects</a> / <a href={projectPath(view.project)}>{view.project}</a> / {user.id}
      </p>
      <h1>
        {user.fullName ?? user.email} <Status value={user.status} />
      </h1>
      <dl class="facts">
        <dt>User</dt>
        <dd>
          <code>{user.id}</code>
        </dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Created</dt>
        <dd>{user.createdAt}</dd>
      </dl>
      <div id="user-sections" data-live>
        {USER_SECTIONS.map((section) => (
          <section id={`section-${section.id}`} aria-labelledby={`heading-${section.id}`}>
            <h2 id={`heading-${section.id}`}>{section.title}</h2>
            {section.render(view)}
          </section>
        ))}
      </div>
    </Layout>
  );
}

export function ErrorPage(props: { chrome: Chrome; back: string }) {
  return (
    <Layout title="Error" chrome={props.chrome}>
      <h1>That did not work</h1>
      <p>
        <a href={props.back}>Back</a>
      </p>
    </Layout>
  );
}
