import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const execFileAsync = promisify(execFile);

/** The one line shown when there is no usable Java: DynamoDB Local is a Java program. */
export const JAVA_MISSING_MESSAGE =
  'Java 17+ is needed for DynamoDB Local: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17)';

/** Thrown by {@link startDynamoDbLocal} when `java` cannot be run. Its message is one line, fit to show as is. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';

  constructor(options?: ErrorOptions) {
    super(JAVA_MISSING_MESSAGE, options);
  }
}

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is picked when omitted. */
  readonly port?: number;
  /** Folder for the database file, created if needed; data survives restarts. Without it the data lives in memory. */
  readonly dataDir?: string;
  /**
   * Host the endpoint URL names. DynamoDB Local has no option to choose its listening address (it listens on
   * every interface), so only loopback is offered, to keep clients off any other interface.
   */
  readonly host?: '127.0.0.1';
  /** How long to wait for the emulator to answer before giving up; 20 s by default. */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** Endpoint URL for SDK clients, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  readonly port: number;
  /** The Java process: tests pause it (SIGSTOP) to play a stalled DynamoDB. */
  readonly pid: number;
  /**
   * Stops the emulator (SIGTERM, then SIGKILL after 3 s) and resolves once the process has exited; a paused one is
   * resumed first, so it can act on the SIGTERM. Idempotent.
   */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 3_000;
const OUTPUT_LINES_KEPT = 30;
/** Signals that end a Node process by default; the emulator must not survive them. */
const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Where the emulator shipped by amplify-dynamodb-simulator lives. */
const emulatorPaths = () => {
  const packageJson = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
  const dir = path.join(path.dirname(packageJson), 'emulator');
  return { dir, jar: path.join(dir, 'DynamoDBLocal.jar'), lib: path.join(dir, 'DynamoDBLocal_lib') };
};

/** JAVA_HOME wins when it holds a java, because Homebrew's openjdk@17 is keg-only and not on PATH by default. */
const javaBinary = (): string => {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
};

const assertJavaRuns = async (java: string): Promise<void> => {
  try {
    await execFileAsync(java, ['-version'], { timeout: 15_000 });
  } catch (error) {
    throw new JavaMissingError({ cause: error });
  }
};

/** Memoised per jar: every answer costs a JVM start. */
const helpTexts = new Map<string, Promise<string>>();

/**
 * The jar's own usage text; empty when it cannot be had, which only means no optional flags are used. Running
 * `-help` costs a JVM start (2 to 3 s on two busy cores), so the answer is also kept on disk next to the
 * package, in node_modules/.cache, keyed by the jar's size and mtime.
 */
const jarHelp = (java: string, emulator: ReturnType<typeof emulatorPaths>): Promise<string> => {
  let help = helpTexts.get(emulator.jar);
  if (!help) {
    help = cachedJarHelp(java, emulator);
    helpTexts.set(emulator.jar, help);
  }
  return help;
};

const cachedJarHelp = async (java: string, emulator: ReturnType<typeof emulatorPaths>): Promise<string> => {
  const cacheFile = path.join(emulator.dir, '..', '..', '.cache', 'quietlist', 'dynamodb-local-help.json');
  let key: string | undefined;
  try {
    const { size, mtimeMs } = await stat(emulator.jar);
    key = `${emulator.jar}:${size}:${mtimeMs}`;
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { key?: unknown; help?: unknown };
    if (cached.key === key && typeof cached.help === 'string') return cached.help;
  } catch {
    // No cache yet, or an unreadable one: ask the jar.
  }
  let help: string;
  try {
    const { stdout, stderr } = await execFileAsync(
      java,
      [`-Djava.library.path=${emulator.lib}`, '-jar', emulator.jar, '-help'],
      { cwd: emulator.dir, timeout: 15_000 },
    );
    help = `${stdout}\n${stderr}`;
  } catch {
    return '';
  }
  if (key !== undefined) {
    try {
      await mkdir(path.dirname(cacheFile), { recursive: true });
      await writeFile(cacheFile, JSON.stringify({ key, help }));
    } catch {
      // A read-only node_modules only costs the next start the JVM run again.
    }
  }
  return help;
};

const listen = (port: number, host?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, ...(host === undefined ? {} : { host }), exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });

/** Asks the OS for a free port on `host`. */
const freePort = (host: string): Promise<number> => listen(0, host);

/**
 * Refuses a taken port up front: otherwise the readiness probe could be answered by whatever already listens
 * there (say, another DynamoDB Local) and report a start that never happened. The probe binds the wildcard
 * address, as the emulator does, so it collides with a listener on any interface.
 */
const assertPortFree = async (port: number): Promise<void> => {
  try {
    await listen(port);
  } catch (error) {
    throw new Error(`DynamoDB Local cannot use port ${port}: it is already in use`, { cause: error });
  }
};

// One set of process listeners serves every emulator of this process, so starting many adds no listeners.
const liveEmulators = new Set<ChildProcess>();
let listenersInstalled = false;

const killAllEmulators = (): void => {
  for (const child of liveEmulators) child.kill('SIGTERM');
};

const onFatalSignal = (signal: NodeJS.Signals): void => {
  killAllEmulators();
  // A listener cancels Node's default of exiting on the signal; when ours is the only one, restore that default
  // so Ctrl-C still ends the program. Otherwise the program's own listener decides how to wind down.
  if (process.listenerCount(signal) === 1) {
    removeProcessListeners();
    process.kill(process.pid, signal);
  }
};

const installProcessListeners = (): void => {
  if (listenersInstalled) return;
  listenersInstalled = true;
  process.on('exit', killAllEmulators);
  for (const signal of FATAL_SIGNALS) process.on(signal, onFatalSignal);
};

const removeProcessListeners = (): void => {
  if (!listenersInstalled) return;
  listenersInstalled = false;
  process.off('exit', killAllEmulators);
  for (const signal of FATAL_SIGNALS) process.off(signal, onFatalSignal);
};

/**
 * A tiny Node process that kills the emulator once our end of its stdin pipe closes, that is once this process
 * is gone. It covers the deaths no listener sees: SIGKILL (CI timeouts), the OOM killer, a crashed runtime.
 */
const WATCHDOG_SCRIPT = `
const pid = Number(process.argv[1]);
for (const signal of ['SIGINT', 'SIGHUP']) process.on(signal, () => {});
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const reap = () => {
  if (!alive()) process.exit(0);
  try { process.kill(pid, 'SIGCONT'); process.kill(pid, 'SIGTERM'); } catch {}
  const started = Date.now();
  setInterval(() => {
    if (!alive()) process.exit(0);
    if (Date.now() - started > ${STOP_GRACE_MS}) { try { process.kill(pid, 'SIGKILL'); } catch {} process.exit(0); }
  }, 100);
};
process.stdin.on('end', reap);
process.stdin.on('error', reap);
process.stdin.resume();
`;

const startWatchdog = (pid: number): ChildProcess | undefined => {
  try {
    const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => {});
    // Neither the watchdog nor its pipe may keep this process alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    return undefined;
  }
};

/** Raised when the emulator could not bind its port; worth a retry when the port was picked here. */
class PortTakenError extends Error {}

/**
 * Starts DynamoDB Local (the AWS emulator shipped by amplify-dynamodb-simulator) and resolves once it answers
 * requests.
 *
 * It runs with `-sharedDb`, so every client sees the same tables whatever region and credentials it signs with
 * (the AWS CLI with a real profile included), and with telemetry disabled when the jar knows the flag. The Java
 * process never outlives this one: exit and SIGINT/SIGTERM/SIGHUP listeners and a watchdog process stop it.
 *
 * @throws {JavaMissingError} when `java` (or `$JAVA_HOME/bin/java`) cannot be run.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const emulator = emulatorPaths();
  const java = javaBinary();
  const [javaCheck, help] = await Promise.allSettled([assertJavaRuns(java), jarHelp(java, emulator)]);
  if (javaCheck.status === 'rejected') throw javaCheck.reason;
  const helpText = help.status === 'fulfilled' ? help.value : '';

  const baseArgs = [`-Djava.library.path=${emulator.lib}`, '-jar', emulator.jar, '-sharedDb'];
  if (options.dataDir === undefined) {
    baseArgs.push('-inMemory');
  } else {
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    baseArgs.push('-dbPath', dataDir);
  }
  if (helpText.includes('-disableTelemetry')) baseArgs.push('-disableTelemetry');
  const launchOptions = { java, cwd: emulator.dir, host, startTimeoutMs: options.startTimeoutMs ?? 20_000 };

  if (options.port !== undefined) {
    await assertPortFree(options.port);
    return launch({
      ...launchOptions,
      args: [...baseArgs, '-port', String(options.port)],
      port: options.port,
    });
  }
  // A picked port is only free until someone else takes it; losing that race is rare and worth two retries.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(host);
    try {
      return await launch({ ...launchOptions, args: [...baseArgs, '-port', String(port)], port });
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

interface LaunchOptions {
  readonly java: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly host: string;
  readonly port: number;
  readonly startTimeoutMs: number;
}

/** Spawns one emulator process and waits for it to answer; stops it again when it does not. */
const launch = async ({
  java,
  args,
  cwd,
  host,
  port,
  startTimeoutMs,
}: LaunchOptions): Promise<DynamoDbLocal> => {
  const child = spawn(java, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Older jars without the flag still read this variable.
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });

  const output: string[] = [];
  // A failed bind kills the emulator's main thread but not the JVM, which lingers without listening; meanwhile
  // whatever holds the port may answer the probe, so that line is the only reliable sign.
  let bindFailed = false;
  const keepOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (text.includes('Failed to bind') || text.includes('BindException')) bindFailed = true;
    output.push(...text.split(/\r?\n/).filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keepOutput);
  child.stderr?.on('data', keepOutput);

  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exitDescription ??= `could not be spawned: ${error.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exitDescription ??= signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });

  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
  liveEmulators.add(child);
  installProcessListeners();
  // The emulator is meant to be stopped explicitly; if that is forgotten, the exit listener still ends it.
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();

  void exited.then(() => {
    liveEmulators.delete(child);
    watchdog?.kill('SIGTERM');
    if (liveEmulators.size === 0) removeProcessListeners();
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitDescription !== undefined) return;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const escalation = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalation);
    })();
    return stopping;
  };

  const endpoint = `http://${host}:${port}`;
  const failure = () =>
    bindFailed ? `port ${port} is already in use` : exitDescription && `the process ${exitDescription}`;
  try {
    await waitUntilAnswering(endpoint, startTimeoutMs, failure);
  } catch (error) {
    await stop();
    const lastLines = output.length > 0 ? `\nLast output:\n${output.join('\n')}` : '';
    const message = `DynamoDB Local did not start on ${endpoint}: ${(error as Error).message}${lastLines}`;
    throw bindFailed ? new PortTakenError(message, { cause: error }) : new Error(message, { cause: error });
  }
  // A child that could not be spawned has no pid and never answers; guard anyway, since signalling pid 0 would
  // reach this whole process group.
  if (child.pid === undefined) {
    await stop();
    throw new Error(`DynamoDB Local on ${endpoint} answered but its process has no id`);
  }
  return { endpoint, port, pid: child.pid, stop };
};

/** Polls ListTables until it succeeds, `failure` reports a reason to give up, or time runs out. */
const waitUntilAnswering = async (
  endpoint: string,
  timeoutMs: number,
  failure: () => string | undefined,
): Promise<void> => {
  // A probe of its own: one attempt each, so the deadline, not SDK retries, governs the wait.
  const probe = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      let probeError: unknown;
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1_000) });
      } catch (error) {
        probeError = error;
      }
      const reason = failure();
      if (reason !== undefined) throw new Error(reason);
      if (probeError === undefined) return;
      if (Date.now() >= deadline) {
        throw new Error(`no answer within ${timeoutMs} ms (last error: ${(probeError as Error).message})`);
      }
      await sleep(100);
    }
  } finally {
    probe.destroy();
  }
};
