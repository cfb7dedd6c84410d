// The `dsp` command (ARCHITECTURE.md §5). `npm start` runs `dsp start`.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { createServices } from '../app.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { systemClock } from '../platform/clock.ts';
import { openDatabase } from '../store/database.ts';
import { UsageError } from './command.ts';
import { controlSocketPath, sendControl, type CommandOutput } from './control.ts';
import { executeCommand, findCommand, helpText } from './execute.ts';
import { currentHolder, waitForLock } from './lock.ts';
import { embeddedDataDir, runStart } from './start.ts';

/** A question asked on the terminal, when there is one. */
function terminalPrompt(): { prompt?: (question: string) => Promise<string> } {
  if (!process.stdin.isTTY) return {};
  return {
    prompt: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

function emit(output: CommandOutput): void {
  if (output.stdout) process.stdout.write(output.stdout);
  if (output.stderr) process.stderr.write(output.stderr);
  process.exitCode = output.exitCode;
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  // Commands that need no database (the CLI wallet) run here: no configuration, no lock, no socket.
  const local = findCommand(argv);
  if (local?.command.needsDatabase === false) return emit(await executeCommand(undefined, argv, { env: process.env, cwd: process.cwd(), ...terminalPrompt() }));
  const config = loadConfig(process.env);
  if (argv[0] === 'start') return runStart(argv.slice(1), config);
  if (!findCommand(argv)) return emit({ exitCode: 2, stdout: '', stderr: `Unknown command: dsp ${argv.join(' ')}\n\n${helpText()}\n` });

  const embedded = !config.data.databaseUrl;
  if (embedded) {
    // The embedded database is one process at a time: while the server runs, it does the work.
    const holder = currentHolder(config.data.dir);
    if (holder?.holder === 'server') return emit(await sendControl(controlSocketPath(config.data.dir), argv));
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const lock = embedded ? await waitForLock(config.data.dir, { holder: 'cli', command: argv.slice(0, 2).join(' ') }, say) : undefined;
  const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
  const database = await openDatabase({ databaseUrl: config.data.databaseUrl, dataDir: embeddedDataDir(config), poolSize: 2 });
  const services = createServices(config, logger, database, systemClock);
  try {
    await database.migrate();
    emit(await executeCommand({ config, logger, database, clock: systemClock, correlationId: randomUUID(), ...services }, argv));
  } finally {
    await services.close();
    await database.close();
    lock?.release();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    return;
  }
  process.stderr.write(`Error: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
