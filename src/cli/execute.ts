// Runs one `dsp` command against a runtime and captures what it prints. The same function
// serves a command run directly and one handed to the running server over the control socket.
import { parseArgs } from 'node:util';
import { WalletError } from '../wallet/errors.ts';
import { UsageError, type Command, type LocalContext, type Runtime } from './command.ts';
import type { CommandOutput } from './control.ts';
import { orgAdd } from './commands/org-add.ts';
import { orgRotateKey } from './commands/org-rotate-key.ts';
import { userAdd } from './commands/user-add.ts';
import { migrate } from './commands/migrate.ts';
import { demo } from './commands/demo.ts';
import { walletCommands } from './commands/wallet.ts';
import { jobsCommands } from './commands/jobs.ts';
import { clientCommands } from './commands/client.ts';

export const commands: Command[] = [migrate, demo, orgAdd, orgRotateKey, userAdd, ...clientCommands, ...jobsCommands, ...walletCommands];

export function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    if (command.words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(command.words.length) };
  }
  return undefined;
}

export function helpText(): string {
  const lines = ['Usage: dsp <command> [options]', '', 'Commands:', '  dsp start [--role all|gateway|portal|wallet|worker|external-demo]', '      Run Open DSP (npm start runs `dsp start`)'];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'Every command takes --json for machine-readable output.');
  return lines.join('\n');
}

/**
 * Runs a command. Commands with `needsDatabase: false` get `local` instead of a runtime (the
 * default: this process's environment and directory), so they run without opening the database.
 */
export async function executeCommand(runtime: Runtime | undefined, argv: string[], local?: LocalContext): Promise<CommandOutput> {
  const found = findCommand(argv);
  if (!found) return { exitCode: 2, stdout: '', stderr: `Unknown command: dsp ${argv.join(' ')}\n\n${helpText()}\n` };
  const { command, rest } = found;
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, strict: true, allowPositionals: true });
    json = values.json === true;
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (positionals.length > max) throw new UsageError(`Unexpected argument: ${positionals[max]}`);
    if (positionals.length < min) throw new UsageError('Missing argument');
    let result;
    if (command.needsDatabase === false) {
      result = await command.run(local ?? { env: process.env, cwd: process.cwd() }, values, positionals);
    } else {
      if (!runtime) throw new TypeError(`dsp ${command.words.join(' ')} needs the database`);
      result = await command.run(runtime, values, positionals);
    }
    const stdout = json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`;
    return { exitCode: result.exitCode ?? 0, stdout, stderr: '' };
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    const message = (error as Error).message;
    // Wallet errors carry a stable code for scripts (src/wallet/errors.ts).
    const code = error instanceof WalletError ? { code: error.code } : {};
    if (json) return { exitCode: usage ? 2 : 1, stdout: `${JSON.stringify({ error: usage ? 'usage' : 'failed', ...code, message })}\n`, stderr: '' };
    return { exitCode: usage ? 2 : 1, stdout: '', stderr: usage ? `${message}\nUsage: ${command.usage}\n` : `Error: ${message}\n` };
  }
}
