import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, helpText, loadConfig } from '../src/config.js';

/** The flags the README documents, written out here so a flag dropped from config.ts is noticed. */
const FLAGS = [
  'port',
  'host',
  'public-url',
  'seed',
  'scenario',
  'activation-delay',
  'activation-mode',
  'api-key',
  'admin-token',
  'no-control-plane',
  'webhook-url',
  'webhook-secret',
  'state-file',
  'state-interval',
  'conflict-status',
  'log-format',
  'log-level',
  'extra-events',
  'max-projects',
  'project-eviction',
  'max-snapshot-size',
  'porting-delay',
];

const ENV_VARS = [
  'PORT',
  'GIGS_MOCK_PORT',
  'GIGS_MOCK_HOST',
  'GIGS_MOCK_PUBLIC_URL',
  'GIGS_MOCK_SEED',
  'GIGS_MOCK_SCENARIO',
  'GIGS_MOCK_ACTIVATION_DELAY',
  'GIGS_MOCK_ACTIVATION_MODE',
  'GIGS_MOCK_API_KEYS',
  'GIGS_MOCK_ADMIN_TOKEN',
  'GIGS_MOCK_NO_CONTROL_PLANE',
  'GIGS_MOCK_WEBHOOK_URLS',
  'GIGS_MOCK_WEBHOOK_SECRET',
  'GIGS_MOCK_STATE_FILE',
  'GIGS_MOCK_STATE_INTERVAL',
  'GIGS_MOCK_CONFLICT_STATUS',
  'GIGS_MOCK_LOG_FORMAT',
  'GIGS_MOCK_LOG_LEVEL',
  'GIGS_MOCK_EXTRA_EVENTS',
  'GIGS_MOCK_MAX_PROJECTS',
  'GIGS_MOCK_PROJECT_EVICTION',
  'GIGS_MOCK_MAX_SNAPSHOT_SIZE',
  'GIGS_MOCK_PORTING_DELAY',
];

const config = (argv: string[] = [], env: Record<string, string | undefined> = {}): Config => loadConfig(env, argv).config;
const command = (argv: string[]) => loadConfig({}, argv).command;

/** The ConfigError loadConfig throws. */
function configError(argv: string[], env: Record<string, string> = {}): ConfigError {
  try {
    loadConfig(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('serves on 127.0.0.1:4020 with the default scenario and a 5s activation delay', () => {
    expect(config()).toMatchObject({
      port: 4020,
      host: '127.0.0.1',
      seed: undefined,
      scenario: 'default',
      activationDelay: 5000,
      activationMode: 'delay',
      portingDelay: 4 * 3_600_000,
      apiKeys: [],
      adminToken: undefined,
      noControlPlane: false,
      conflictStatus: 422,
      logFormat: 'text',
      logLevel: 'info',
      maxProjects: 1000,
      projectEviction: 'none',
      maxSnapshotMb: 32,
    });
  });

  it('runs the serve command when no command is given', () => {
    expect(command([])).toBe('serve');
  });

  it('ignores unrelated and empty environment variables', () => {
    expect(config([], { HOME: '/root', GIGS_MOCK_PORT: '', GIGS_MOCK_SCENARIO: '' })).toMatchObject({
      port: 4020,
      scenario: 'default',
    });
  });
});

describe('loadConfig precedence', () => {
  it('takes the environment over the default', () => {
    expect(config([], { PORT: '5000' }).port).toBe(5000);
  });

  it('takes a flag over the environment (--port beats PORT)', () => {
    expect(config(['--port', '6000'], { PORT: '5000' }).port).toBe(6000);
  });

  it('takes --port over GIGS_MOCK_PORT too', () => {
    expect(config(['--port=6000'], { GIGS_MOCK_PORT: '5000' }).port).toBe(6000);
  });

  it('takes --scenario over GIGS_MOCK_SCENARIO', () => {
    expect(config(['--scenario', 'empty'], { GIGS_MOCK_SCENARIO: 'populated' }).scenario).toBe('empty');
  });

  it('takes --api-key flags over GIGS_MOCK_API_KEYS', () => {
    expect(config(['--api-key', 'p1:k1'], { GIGS_MOCK_API_KEYS: 'p2:k2' }).apiKeys).toEqual(['p1:k1']);
  });
});

describe('loadConfig environment variables', () => {
  it.each<[string, string, Partial<Config>]>([
    ['PORT', '5001', { port: 5001 }],
    ['GIGS_MOCK_PORT', '5002', { port: 5002 }],
    ['GIGS_MOCK_HOST', '0.0.0.0', { host: '0.0.0.0' }],
    ['GIGS_MOCK_PUBLIC_URL', 'https://mock.example.com/', { publicUrl: 'https://mock.example.com' }],
    ['GIGS_MOCK_SEED', 'abc', { seed: 'abc' }],
    ['GIGS_MOCK_SCENARIO', 'manual-activation', { scenario: 'manual-activation' }],
    ['GIGS_MOCK_ACTIVATION_DELAY', '2m', { activationDelay: 120_000 }],
    ['GIGS_MOCK_ACTIVATION_MODE', 'immediate', { activationMode: 'immediate' }],
    ['GIGS_MOCK_PORTING_DELAY', 'manual', { portingDelay: 'manual' }],
    ['GIGS_MOCK_API_KEYS', 'p1:k1,p2:k2', { apiKeys: ['p1:k1', 'p2:k2'] }],
    ['GIGS_MOCK_ADMIN_TOKEN', 'secret', { adminToken: 'secret' }],
    ['GIGS_MOCK_NO_CONTROL_PLANE', '1', { noControlPlane: true }],
    ['GIGS_MOCK_WEBHOOK_URLS', 'http://a.test/x', { webhookUrls: ['http://a.test/x'] }],
    ['GIGS_MOCK_WEBHOOK_SECRET', 'whsec_MDEyMzQ1Njc4OWFiY2RlZg==', { webhookSecret: 'whsec_MDEyMzQ1Njc4OWFiY2RlZg==' }],
    ['GIGS_MOCK_STATE_FILE', '/tmp/s.json', { stateFile: '/tmp/s.json' }],
    ['GIGS_MOCK_STATE_INTERVAL', '10s', { stateInterval: 10_000 }],
    ['GIGS_MOCK_CONFLICT_STATUS', '409', { conflictStatus: 409 }],
    ['GIGS_MOCK_LOG_FORMAT', 'json', { logFormat: 'json' }],
    ['GIGS_MOCK_LOG_LEVEL', 'silent', { logLevel: 'silent' }],
    ['GIGS_MOCK_EXTRA_EVENTS', 'yes', { extraEvents: true }],
  ])('reads %s', (name, value, expected) => {
    expect(config([], { [name]: value })).toMatchObject(expected);
  });

  it.each(['true', 'yes', '1'])('turns the control plane off for GIGS_MOCK_NO_CONTROL_PLANE=%s', (value) => {
    expect(config([], { GIGS_MOCK_NO_CONTROL_PLANE: value }).noControlPlane).toBe(true);
  });

  it.each(['false', 'no', '0'])('keeps the control plane on for GIGS_MOCK_NO_CONTROL_PLANE=%s', (value) => {
    expect(config([], { GIGS_MOCK_NO_CONTROL_PLANE: value }).noControlPlane).toBe(false);
  });
});

describe('loadConfig flags', () => {
  it('reads every flag', () => {
    expect(
      config([
        '--port=7000',
        '--host=0.0.0.0',
        '--public-url=http://mock.test:7000',
        '--connect-url=http://connect.test:7000/hosted/',
        '--connect-session-status=200',
        '--connect-session-ttl=15m',
        '--user-token-ttl=2h',
        '--seed=s',
        '--scenario=empty',
        '--activation-delay=500ms',
        '--activation-mode=manual',
        '--api-key=p1:k1',
        '--admin-token=t',
        '--no-control-plane',
        '--webhook-url=http://hooks.test/a',
        '--webhook-url=http://hooks.test/b',
        '--webhook-secret=whsec_MDEyMzQ1Njc4OWFiY2RlZg==',
        '--webhook-max-pending=50',
        '--state-file=/tmp/state.json',
        '--state-interval=5s',
        '--conflict-status=409',
        '--log-format=json',
        '--log-level=silent',
        '--extra-events',
        '--max-projects=0',
        '--project-eviction=lru',
        '--max-snapshot-size=8',
        '--porting-delay=30s',
      ]),
    ).toEqual({
      port: 7000,
      host: '0.0.0.0',
      publicUrl: 'http://mock.test:7000',
      connectUrl: 'http://connect.test:7000/hosted',
      connectSessionStatus: 200,
      connectSessionTtl: 900_000,
      userTokenTtl: 7_200_000,
      seed: 's',
      scenario: 'empty',
      activationDelay: 500,
      activationMode: 'manual',
      apiKeys: ['p1:k1'],
      adminToken: 't',
      noControlPlane: true,
      webhookUrls: ['http://hooks.test/a', 'http://hooks.test/b'],
      webhookSecret: 'whsec_MDEyMzQ1Njc4OWFiY2RlZg==',
      webhookMaxPending: 50,
      stateFile: '/tmp/state.json',
      stateInterval: 5000,
      conflictStatus: 409,
      logFormat: 'json',
      logLevel: 'silent',
      extraEvents: true,
      maxProjects: 0,
      projectEviction: 'lru',
      maxSnapshotMb: 8,
      portingDelay: 30_000,
    });
  });

  it('refuses a Connect URL that is not http(s) and a token lifetime under a second, naming the flag', () => {
    expect(() => loadConfig({}, ['--connect-url', 'connect.test'])).toThrow(/--connect-url/);
    expect(() => loadConfig({}, ['--connect-session-ttl', '500ms'])).toThrow(/--connect-session-ttl/);
    expect(() => loadConfig({ GIGS_MOCK_USER_TOKEN_TTL: 'soon' }, [])).toThrow(/--user-token-ttl \(GIGS_MOCK_USER_TOKEN_TTL\)/);
  });

  it('refuses a --webhook-max-pending that is not a whole number from 1', () => {
    expect(() => config(['--webhook-max-pending=0'])).toThrow(/--webhook-max-pending/);
    expect(() => config(['--webhook-max-pending=many'])).toThrow(/whole number/);
  });

  it('collects a repeated --api-key', () => {
    expect(config(['--api-key', 'p1:k1', '--api-key', 'p2:k2']).apiKeys).toEqual(['p1:k1', 'p2:k2']);
  });

  it('reads webhook URLs from a comma-separated env var', () => {
    expect(loadConfig({ GIGS_MOCK_WEBHOOK_URLS: 'http://a.test/x, http://b.test/y' }, []).config.webhookUrls).toEqual([
      'http://a.test/x',
      'http://b.test/y',
    ]);
  });

  it('refuses a webhook URL that is not http(s), naming the flag', () => {
    expect(() => loadConfig({}, ['--webhook-url', 'ftp://x'])).toThrow(/--webhook-url/);
  });

  it('refuses a webhook secret without the whsec_ prefix, naming the flag', () => {
    expect(() => loadConfig({}, ['--webhook-secret', 'abc'])).toThrow(/--webhook-secret/);
  });

  it('refuses a state interval that is not a duration, naming the flag', () => {
    expect(() => loadConfig({}, ['--state-interval', 'often'])).toThrow(/--state-interval/);
  });

  it('accepts port 0 (pick a free port)', () => {
    expect(config(['--port', '0']).port).toBe(0);
  });
});

describe('loadConfig bad values', () => {
  it.each<[string, string[], string]>([
    ['a port that is not a number', ['--port', 'abc'], '--port'],
    ['a port above 65535', ['--port', '70000'], '--port'],
    ['an activation delay that is not a duration', ['--activation-delay', 'soon'], '--activation-delay'],
    ['an unknown scenario', ['--scenario', 'nope'], '--scenario'],
    ['an API key without a colon', ['--api-key', 'nocolon'], '--api-key'],
    ['an API key with no project', ['--api-key', ':key'], '--api-key'],
    ['an unknown activation mode', ['--activation-mode', 'later'], '--activation-mode'],
    ['a porting delay that is not a duration', ['--porting-delay', 'soon'], '--porting-delay'],
    ['a conflict status other than 409 or 422', ['--conflict-status', '400'], '--conflict-status'],
    ['an unknown log format', ['--log-format', 'xml'], '--log-format'],
    ['an unknown log level', ['--log-level', 'debug'], '--log-level'],
    ['a public URL that is not http(s)', ['--public-url', 'ftp://x'], '--public-url'],
  ])('refuses %s with a ConfigError naming the flag', (_what, argv, flag) => {
    const error = configError(argv);
    expect(error.option).toBe(flag);
    expect(error.message).toContain(flag);
    expect(error.message).not.toContain('\n');
  });

  it('names the flag when the bad value comes from the environment', () => {
    const error = configError([], { PORT: 'abc' });
    expect(error.message).toContain('--port');
    expect(error.message).toContain('PORT');
  });

  it('refuses an unknown flag with a ConfigError naming it', () => {
    const error = configError(['--bogus']);
    expect(error.message).toContain('--bogus');
    expect(error.message).not.toContain('\n');
  });

  it('refuses a string flag given no value', () => {
    expect(configError(['--port']).message).toContain('--port');
  });

  it('refuses an unknown command', () => {
    expect(configError(['launch']).message).toContain('launch');
  });

  it('refuses a second positional argument', () => {
    expect(configError(['serve', 'extra']).message).toContain('extra');
  });

  it('refuses a GIGS_MOCK_NO_CONTROL_PLANE value that is not a yes or a no', () => {
    expect(configError([], { GIGS_MOCK_NO_CONTROL_PLANE: 'maybe' }).option).toBe('--no-control-plane');
  });
});

describe('loadConfig commands', () => {
  it('recognises serve', () => {
    expect(command(['serve', '--port', '1'])).toBe('serve');
  });

  it('recognises scenarios', () => {
    expect(command(['scenarios'])).toBe('scenarios');
  });

  it.each(['--help', '-h'])('recognises %s as help', (flag) => {
    expect(command([flag])).toBe('help');
  });

  it.each(['--version', '-v'])('recognises %s as version', (flag) => {
    expect(command([flag])).toBe('version');
  });

  it('lets --help win over a command', () => {
    expect(command(['scenarios', '--help'])).toBe('help');
  });
});

describe('helpText', () => {
  it.each(FLAGS)('mentions --%s', (flag) => {
    expect(helpText('1.2.3')).toContain(`--${flag}`);
  });

  it('mentions the version, the scenarios command, --help and --version', () => {
    const text = helpText('1.2.3');
    expect(text).toContain('1.2.3');
    expect(text).toContain('gigs-mock scenarios');
    expect(text).toContain('--help');
    expect(text).toContain('--version');
  });

  it('mentions the environment variable of every option', () => {
    const text = helpText('1.2.3');
    for (const name of ENV_VARS) expect(text).toContain(name);
  });
});
