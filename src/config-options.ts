import type { ActivationMode } from './store/types.js';

/** One typed, validated configuration. Built by a pure function: defaults < env < flags. */
export interface Config {
  port: number;
  host: string;
  /** Undefined: http://localhost:<the port actually bound>. */
  publicUrl: string | undefined;
  /** Undefined: <publicUrl>/connect. */
  connectUrl: string | undefined;
  connectSessionStatus: 200 | 201;
  connectSessionTtl: number;
  userTokenTtl: number;
  seed: string | undefined;
  scenario: string;
  activationDelay: number;
  activationMode: ActivationMode;
  apiKeys: string[];
  adminToken: string | undefined;
  noControlPlane: boolean;
  webhookUrls: string[];
  webhookSecret: string | undefined;
  webhookMaxPending: number;
  stateFile: string | undefined;
  stateInterval: number;
  conflictStatus: 409 | 422;
  logFormat: 'text' | 'json';
  logLevel: 'silent' | 'info';
  extraEvents: boolean;
  maxProjects: number;
  projectEviction: 'none' | 'lru';
  maxSnapshotMb: number;
  /** Milliseconds per porting and port-out step, or manual (only the control plane answers). */
  portingDelay: number | 'manual';
}

type Kind = 'string' | 'boolean' | 'list';

export interface OptionSpec {
  key: keyof Config;
  flag: string;
  env: string[];
  kind: Kind;
  value?: string;
  description: string;
  default: string;
}

/** Every option, with the one description shared by `--help` and the README. */
/** The options of the CLI: one table, read by loadConfig, --help and the README. */
export const OPTIONS: OptionSpec[] = [
  {
    key: 'port',
    flag: 'port',
    env: ['GIGS_MOCK_PORT', 'PORT'],
    kind: 'string',
    value: 'n',
    default: '4020',
    description: 'Port to listen on.',
  },
  {
    key: 'host',
    flag: 'host',
    env: ['GIGS_MOCK_HOST'],
    kind: 'string',
    value: 'addr',
    default: '127.0.0.1',
    description: 'Address to listen on (0.0.0.0 for all interfaces, as in Docker).',
  },
  {
    key: 'publicUrl',
    flag: 'public-url',
    env: ['GIGS_MOCK_PUBLIC_URL'],
    kind: 'string',
    value: 'url',
    default: 'http://localhost:<port>',
    description: 'Base URL clients reach the simulator at; used in QR code links.',
  },
  {
    key: 'connectUrl',
    flag: 'connect-url',
    env: ['GIGS_MOCK_CONNECT_URL'],
    kind: 'string',
    value: 'url',
    default: '<public URL>/connect',
    description: 'Base URL of the simulated Connect pages in Connect Session urls; they are served under its path.',
  },
  {
    key: 'connectSessionStatus',
    flag: 'connect-session-status',
    env: ['GIGS_MOCK_CONNECT_SESSION_STATUS'],
    kind: 'string',
    value: 'status',
    default: '201',
    description:
      "Status of POST /connectSessions: 201 as documented, or 200 for Gigs' example app, which treats any other as an error.",
  },
  {
    key: 'connectSessionTtl',
    flag: 'connect-session-ttl',
    env: ['GIGS_MOCK_CONNECT_SESSION_TTL'],
    kind: 'string',
    value: 'duration',
    default: '1h',
    description: 'How long a Connect Session url works (simulated time); it works once.',
  },
  {
    key: 'userTokenTtl',
    flag: 'user-token-ttl',
    env: ['GIGS_MOCK_USER_TOKEN_TTL'],
    kind: 'string',
    value: 'duration',
    default: '1h',
    description: 'How long a user token from a Connect Session (and a Connect page visit) works (simulated time).',
  },
  {
    key: 'seed',
    flag: 'seed',
    env: ['GIGS_MOCK_SEED'],
    kind: 'string',
    value: 'seed',
    default: 'random',
    description: 'Seed that makes ids, phone numbers and ICCIDs reproducible.',
  },
  {
    key: 'scenario',
    flag: 'scenario',
    env: ['GIGS_MOCK_SCENARIO'],
    kind: 'string',
    value: 'name',
    default: 'default',
    description: 'Scenario each project starts with (see `gigs-mock scenarios`).',
  },
  {
    key: 'activationDelay',
    flag: 'activation-delay',
    env: ['GIGS_MOCK_ACTIVATION_DELAY'],
    kind: 'string',
    value: 'duration',
    default: '5s',
    description: 'How long a new subscription stays pending: 0, 500ms, 5s, 2m.',
  },
  {
    key: 'activationMode',
    flag: 'activation-mode',
    env: ['GIGS_MOCK_ACTIVATION_MODE'],
    kind: 'string',
    value: 'mode',
    default: 'delay',
    description: 'delay (after --activation-delay), immediate, or manual (control plane).',
  },
  {
    key: 'apiKeys',
    flag: 'api-key',
    env: ['GIGS_MOCK_API_KEYS'],
    kind: 'list',
    value: 'project:key',
    default: 'none (open mode)',
    description: 'Strict mode: accept only these keys, each for its project. Repeatable; env is comma-separated.',
  },
  {
    key: 'adminToken',
    flag: 'admin-token',
    env: ['GIGS_MOCK_ADMIN_TOKEN'],
    kind: 'string',
    value: 'token',
    default: 'none',
    description: 'Require this bearer token on the control plane (/__mock/*, except health).',
  },
  {
    key: 'noControlPlane',
    flag: 'no-control-plane',
    env: ['GIGS_MOCK_NO_CONTROL_PLANE'],
    kind: 'boolean',
    default: 'off',
    description: 'Turn off /__mock/* (404; health stays) and the x-gigs-mock-* headers, for shared deployments.',
  },
  {
    key: 'webhookUrls',
    flag: 'webhook-url',
    env: ['GIGS_MOCK_WEBHOOK_URLS'],
    kind: 'list',
    value: 'url',
    default: 'none',
    description: 'Send every event, signed, to this URL. Repeatable; env is comma-separated.',
  },
  {
    key: 'webhookSecret',
    flag: 'webhook-secret',
    env: ['GIGS_MOCK_WEBHOOK_SECRET'],
    kind: 'string',
    value: 'whsec_…',
    default: 'generated, printed at start',
    description: 'Standard Webhooks signing secret (whsec_ + base64), as Svix issues them.',
  },
  {
    key: 'webhookMaxPending',
    flag: 'webhook-max-pending',
    env: ['GIGS_MOCK_WEBHOOK_MAX_PENDING'],
    kind: 'string',
    value: 'n',
    default: '1000',
    description:
      'Undelivered webhook deliveries kept per endpoint (receiver down or slow); past it the oldest is given up and logged.',
  },
  {
    key: 'stateFile',
    flag: 'state-file',
    env: ['GIGS_MOCK_STATE_FILE'],
    kind: 'string',
    value: 'path',
    default: 'none (memory only)',
    description: 'Load state from this JSON file at start; save it when changed and on shutdown (atomic writes).',
  },
  {
    key: 'stateInterval',
    flag: 'state-interval',
    env: ['GIGS_MOCK_STATE_INTERVAL'],
    kind: 'string',
    value: 'duration',
    default: '2s',
    description: 'How often --state-file is saved when the state changed.',
  },
  {
    key: 'conflictStatus',
    flag: 'conflict-status',
    env: ['GIGS_MOCK_CONFLICT_STATUS'],
    kind: 'string',
    value: 'status',
    default: '422',
    description: 'HTTP status of duplicate/in-use errors (userAlreadyExists, simAlreadyUsed): 422 or 409.',
  },
  {
    key: 'logFormat',
    flag: 'log-format',
    env: ['GIGS_MOCK_LOG_FORMAT'],
    kind: 'string',
    value: 'format',
    default: 'text',
    description: 'Request log format, one line per request: text or json.',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: ['GIGS_MOCK_LOG_LEVEL'],
    kind: 'string',
    value: 'level',
    default: 'info',
    description: 'info logs every request; silent logs only start-up and errors.',
  },
  {
    key: 'extraEvents',
    flag: 'extra-events',
    env: ['GIGS_MOCK_EXTRA_EVENTS'],
    kind: 'boolean',
    default: 'off',
    description: 'Also emit com.gigs.user.created and com.gigs.user.updated, which Gigs does not send (not in its event index).',
  },
  {
    key: 'maxProjects',
    flag: 'max-projects',
    env: ['GIGS_MOCK_MAX_PROJECTS'],
    kind: 'string',
    value: 'n',
    default: '1000',
    description: 'Open mode: most projects held at once; past it a new project answers 429 (0: no limit).',
  },
  {
    key: 'projectEviction',
    flag: 'project-eviction',
    env: ['GIGS_MOCK_PROJECT_EVICTION'],
    kind: 'string',
    value: 'policy',
    default: 'none',
    description: 'At --max-projects: none refuses new projects; lru drops the least recently used one instead.',
  },
  {
    key: 'maxSnapshotMb',
    flag: 'max-snapshot-size',
    env: ['GIGS_MOCK_MAX_SNAPSHOT_SIZE'],
    kind: 'string',
    value: 'MB',
    default: '32',
    description: 'Largest PUT /__mock/snapshot body, in MB (other control-plane bodies: 1 MB, as the API).',
  },
  {
    key: 'portingDelay',
    flag: 'porting-delay',
    env: ['GIGS_MOCK_PORTING_DELAY'],
    kind: 'string',
    value: 'duration',
    default: '4h',
    description:
      'How long each porting and port-out step takes (a clean port-in takes two), or manual for the control plane only.',
  },
];

/** The spec of one option (every key has exactly one). */
export function optionFor(key: keyof Config): OptionSpec {
  const spec = OPTIONS.find((o) => o.key === key);
  if (!spec) throw new RangeError(`no option for ${String(key)}`);
  return spec;
}
