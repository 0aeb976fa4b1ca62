import { scenarios } from '../scenarios/registry.js';
import type { FlagSpec, Scenario, ScenarioContext } from '../scenarios/scenario.js';
import { plainContext } from '../scenarios/scenario.js';
import { COMMON_FLAGS, parseFlags } from './parse-flags.js';
import { type CliIo, ProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

const USAGE = `polis — multi-agent systems on XState

usage:
  polis list                      list the scenarios
  polis run <scenario> [flags]    run one (polis run <scenario> --help lists its flags)
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
    io.error(`polis: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
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
  return `polis run ${scenario.name}: ${scenario.summary}\n\nflags:\n${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...flagArgs] = args;
  const scenario = find(name);
  const specs: readonly FlagSpec[] = [...COMMON_FLAGS, ...scenario.flags];
  if (flagArgs.includes('--help')) {
    io.write(flagHelp(scenario, specs));
    return 0;
  }
  const values = parseFlags(flagArgs, specs, `'polis run ${scenario.name}'`);
  const bar = new ProgressBar(io, scenario.name);
  const context: ScenarioContext = {
    ...plainContext(values.seed as number),
    progress: (done, total) => bar.update(done, total),
  };
  const report = await scenario.run(values as never, context);
  bar.finish();
  io.write(values.json === true ? `${JSON.stringify(report)}\n` : `${scenario.format(report)}\n`);
  return scenario.passed === undefined || scenario.passed(report) ? 0 : 1;
}
