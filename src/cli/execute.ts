// Runs one `dsp` command against a runtime and captures what it prints. The same function
// serves a command run directly and one handed to the running server over the control socket.
import { parseArgs } from 'node:util';
import { UsageError, type Command, type Runtime } from './command.ts';
import type { CommandOutput } from './control.ts';
import { orgAdd } from './commands/org-add.ts';
import { orgRotateKey } from './commands/org-rotate-key.ts';
import { userAdd } from './commands/user-add.ts';
import { migrate } from './commands/migrate.ts';
import { demo } from './commands/demo.ts';

export const commands: Command[] = [migrate, demo, orgAdd, orgRotateKey, userAdd];

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

export async function executeCommand(runtime: Runtime, argv: string[]): Promise<CommandOutput> {
  const found = findCommand(argv);
  if (!found) return { exitCode: 2, stdout: '', stderr: `Unknown command: dsp ${argv.join(' ')}\n\n${helpText()}\n` };
  const { command, rest } = found;
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, strict: true, allowPositionals: true });
    json = values.json === true;
    if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
    const result = await command.run(runtime, values);
    const stdout = json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`;
    return { exitCode: result.exitCode ?? 0, stdout, stderr: '' };
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    const message = (error as Error).message;
    if (json) return { exitCode: usage ? 2 : 1, stdout: `${JSON.stringify({ error: usage ? 'usage' : 'failed', message })}\n`, stderr: '' };
    return { exitCode: usage ? 2 : 1, stdout: '', stderr: usage ? `${message}\nUsage: ${command.usage}\n` : `Error: ${message}\n` };
  }
}
