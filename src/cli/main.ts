// park-atlas command line (DESIGN §10): the same core code paths as the app. JSON to stdout, messages to stderr;
// exit 0 on success, 1 on bad input, 2 on bad usage. No stack trace for bad input.
import { localeFrom, parseArgs, UsageError, type CliIo, type Command } from './common';
import { metricsCommand } from './commands/metrics';
import { reportCommand } from './commands/report';
import { convertCommand } from './commands/convert';
import { conflictsCommand } from './commands/conflicts';

export type { CliIo } from './common';

const VERSION = '0.1.0';

// One entry per command; each command's module owns its options and usage lines.
const COMMANDS: Record<string, Command> = {
  metrics: metricsCommand,
  report: reportCommand,
  convert: convertCommand,
  conflicts: conflictsCommand,
};

const GLOBAL_VALUE_OPTIONS = ['--lang'];
const GLOBAL_FLAG_OPTIONS = ['--help', '-h', '--version'];

function usage(): string {
  return `Usage: park-atlas <command> [options]

Commands:
${Object.values(COMMANDS).map((c) => c.usage).join('\n')}

Options:
  --lang zh|en   language of messages on stderr (default: from LANG)
  --help, -h     this text
  --version      the version

Exit codes: 0 success, 1 bad input (the message names file, feature and problem), 2 bad usage.`;
}

function commandName(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (GLOBAL_VALUE_OPTIONS.includes(argv[i])) { i++; continue; }
    if (!argv[i].startsWith('-')) return argv[i];
  }
  return null;
}

/** Runs one command line; returns the exit code. Never throws for bad input or usage. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const env = io.env ?? {};
  try {
    // The command's own options are known once its name is: find the first positional word.
    const name = commandName(argv);
    const command = name !== null ? COMMANDS[name] : undefined;
    const valueOptions = new Set([...GLOBAL_VALUE_OPTIONS, ...(command?.valueOptions ?? [])]);
    const flagOptions = new Set([...GLOBAL_FLAG_OPTIONS, ...(command?.flagOptions ?? [])]);
    if (argv.includes('--version')) { io.stdout(VERSION); return 0; }
    if (argv.includes('--help') || argv.includes('-h')) { io.stdout(usage()); return 0; }
    const parsed = parseArgs(argv, valueOptions, flagOptions);
    const locale = localeFrom(parsed.options, env);
    if (parsed.command === null) throw new UsageError('no command given');
    if (!command) throw new UsageError(`unknown command "${parsed.command}"`);
    return await command.run(parsed, locale, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`park-atlas: ${e.message}\n\n${usage()}`);
      return 2;
    }
    // A fault of ours, not of the input: say so plainly, still without a stack trace unless asked.
    io.stderr(`park-atlas: internal error: ${(e as Error)?.message ?? String(e)}${env.PARK_ATLAS_DEBUG ? `\n${(e as Error)?.stack}` : ''}`);
    return 70;
  }
}

function defaultIo(): CliIo {
  return { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`), env: process.env };
}
