import { inspectedContext } from '../inspect/inspected-context.js';
import { InspectorBindError, InspectorListenError } from '../inspect/inspector-errors.js';
import { type InspectorOptions, type InspectorServer, startInspector } from '../inspect/inspector-server.js';
import { scenarios } from '../scenarios/registry.js';
import type { FlagSpec, Scenario, ScenarioContext } from '../scenarios/scenario.js';
import { plainContext } from '../scenarios/scenario.js';
import { port, takeInspectFlag } from './inspect-flag.js';
import { COMMON_FLAGS, parseFlags } from './parse-flags.js';
import { type CliIo, ProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

const USAGE = `polis — multi-agent systems on XState

usage:
  polis list                      list the scenarios
  polis run <scenario> [flags]    run one (polis run <scenario> --help lists its flags)
      --inspect [port]            watch it in the inspector (a free port unless given)
      --speed x                   with --inspect: simulated ms per real ms (default 1)
  polis inspect [--port N]        start the inspector alone; other processes connect to it
      --host H --allow-remote     listen beyond this machine (default 127.0.0.1)
  polis help                      show this text
`;

/**
 * Runs the `polis` command with `argv` (without `node` and the script) and returns the exit code:
 * 0 done, 1 the scenario's own check failed or it crashed, 2 a usage mistake.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.error(`polis: ${error.message}\n`);
      return 2;
    }
    reportCrash(io, error);
    return 1;
  }
}

/** A crash is the program's, not the user's: it is shown with its stack. */
function reportCrash(io: CliIo, error: unknown): void {
  io.error(`polis: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      io.write(USAGE);
      return 0;
    case 'list':
      io.write(listing());
      return 0;
    case 'run':
      return run(rest, io);
    case 'inspect':
      return inspectAlone(rest, io);
    case undefined:
      io.error(USAGE);
      return 2;
    default:
      throw new UsageError(`unknown command '${command}'; try 'polis help'`);
  }
}

function listing(): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return `${scenarios.map((s) => `${s.name.padEnd(width)}  ${s.summary}`).join('\n')}\n`;
}

function find(name: string | undefined): Scenario {
  if (name === undefined || name.startsWith('-')) throw new UsageError(`name a scenario: ${scenarioNames()}`);
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${name}'; known: ${scenarioNames()}`);
  return scenario;
}

function scenarioNames(): string {
  return scenarios.map((s) => s.name).join(', ');
}

function flagHelp(scenario: Scenario, specs: readonly FlagSpec[]): string {
  const lines = specs.map((s) => `  --${s.name.padEnd(14)} ${s.description} (default: ${String(s.default)})`);
  lines.push(`  ${'--inspect [port]'.padEnd(16)} watch the run in the inspector (a free port unless given)`);
  lines.push(`  ${'--speed x'.padEnd(16)} with --inspect: simulated ms per real ms (default: 1)`);
  return `polis run ${scenario.name}: ${scenario.summary}\n\nflags:\n${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...allFlags] = args;
  const scenario = find(name);
  const specs: readonly FlagSpec[] = [...COMMON_FLAGS, ...scenario.flags];
  if (allFlags.includes('--help')) {
    io.write(flagHelp(scenario, specs));
    return 0;
  }
  const { rest: flagArgs, inspect, speed } = takeInspectFlag(allFlags);
  const values = parseFlags(flagArgs, specs, `'polis run ${scenario.name}'`);
  const bar = new ProgressBar(io, scenario.name);
  let context: ScenarioContext = {
    ...plainContext(values.seed as number),
    progress: (done, total) => bar.update(done, total),
  };
  if (inspect === undefined) return runScenario(scenario, values, context, bar, io);
  const server = await listen({ port: inspect });
  io.error(`inspector: ${server.url}\n`);
  io.onInspector?.(server.url);
  context = inspectedContext(server, context, scenario.name, speed === undefined ? {} : { speed }).context;
  let code: number;
  try {
    code = await runScenario(scenario, values, context, bar, io);
  } catch (error) {
    // The inspector keeps serving after a crash, so the run that crashed can still be looked at.
    reportCrash(io, error);
    code = 1;
  }
  return serveUntilInterrupted(server, io, code);
}

async function runScenario(
  scenario: Scenario,
  values: Record<string, unknown>,
  context: ScenarioContext,
  bar: ProgressBar,
  io: CliIo,
): Promise<number> {
  const report = await scenario.run(values as never, context);
  bar.finish();
  io.write(values.json === true ? `${JSON.stringify(report)}\n` : `${scenario.format(report)}\n`);
  return scenario.passed === undefined || scenario.passed(report) ? 0 : 1;
}

async function inspectAlone(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseFlags(args, INSPECT_FLAGS, "'polis inspect'");
  const server = await listen({
    port: port(String(values.port)),
    host: values.host as string,
    allowRemote: values['allow-remote'] === true,
  });
  io.write(`inspector: ${server.url}\nconnect systems to: ${server.ingestUrl}\n`);
  io.onInspector?.(server.url);
  return serveUntilInterrupted(server, io, 0);
}

/** Starts the inspector; where it cannot listen (a remote host unasked, a taken port) is the user's to fix. */
function listen(options: InspectorOptions): Promise<InspectorServer> {
  return startInspector(options).catch((error: unknown) => {
    const theirs = error instanceof InspectorBindError || error instanceof InspectorListenError;
    throw theirs ? new UsageError(error.message) : error;
  });
}

const INSPECT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'port',
    kind: 'integer',
    description: 'port to listen on (0 picks a free one)',
    default: 0,
    min: 0,
    max: 65_535,
  },
  { name: 'host', kind: 'string', description: 'address to listen on', default: '127.0.0.1' },
  {
    name: 'allow-remote',
    kind: 'boolean',
    description: 'allow a host other machines can reach',
    default: false,
  },
];

async function serveUntilInterrupted(server: InspectorServer, io: CliIo, code: number): Promise<number> {
  io.error(`the inspector keeps serving at ${server.url}; press Ctrl-C to stop\n`);
  await (io.untilInterrupted?.() ?? interrupted());
  await server.close();
  return code;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
