// What every `dsp` command is: a name, its options, and a run function that gets the
// runtime (database, configuration, …) and returns what to print, as text and as JSON.
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../store/database.ts';
import type { Services } from '../app.ts';

export interface Runtime extends Services {
  config: Config;
  logger: Logger;
  database: Database;
  clock: Clock;
  /** Ties the audit entries of one command together. */
  correlationId: string;
}

/** Who the audit log says acted, for work done at the command line. */
export const cliActor = 'system:cli';

export interface CommandResult {
  text: string;
  json: unknown;
  exitCode?: number;
}

export type ParsedValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

interface CommandBase {
  /** Words that select it, e.g. ['org', 'add']. */
  words: string[];
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes (default none). */
  positionals?: { min: number; max: number };
}

export interface DatabaseCommand extends CommandBase {
  needsDatabase?: true;
  run(runtime: Runtime, values: ParsedValues, positionals: string[]): Promise<CommandResult>;
}

/** What a command that needs no database gets (the CLI wallet): no runtime, no control socket. */
export interface LocalContext {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Asks the person at the terminal; undefined when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
}

export interface LocalCommand extends CommandBase {
  needsDatabase: false;
  run(context: LocalContext, values: ParsedValues, positionals: string[]): Promise<CommandResult>;
}

export type Command = DatabaseCommand | LocalCommand;

/** Wrong use of a command: printed with its usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function requireString(values: ParsedValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}
