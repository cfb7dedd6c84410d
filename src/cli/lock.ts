// The embedded database (PGlite) allows one process at a time. A lock file in the data dir
// says who holds it: the running server (then other `dsp` commands hand their work to it
// over the control socket) or a short CLI command (then the server waits for it).
import fs from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  holder: 'server' | 'cli';
  command: string;
  socket?: string;
}

export interface HeldLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'dsp.lock');
}

/** Who holds the data dir now, or undefined (a lock left by a dead process is removed). */
export function currentHolder(dataDir: string): LockInfo | undefined {
  const file = lockPath(dataDir);
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    if (info.pid !== process.pid && alive(info.pid)) return info;
    fs.rmSync(file, { force: true });
    return undefined;
  } catch {
    return undefined;
  }
}

export function tryLock(dataDir: string, info: Omit<LockInfo, 'pid'>): HeldLock | undefined {
  fs.mkdirSync(dataDir, { recursive: true });
  currentHolder(dataDir); // clears a stale lock
  const file = lockPath(dataDir);
  try {
    fs.writeFileSync(file, JSON.stringify({ ...info, pid: process.pid }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      if (held.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return { release };
}

/** Waits for the lock, telling the person once what it is waiting for. */
export async function waitForLock(
  dataDir: string,
  info: Omit<LockInfo, 'pid'>,
  say: (message: string) => void,
  timeoutMs = 120_000,
): Promise<HeldLock> {
  const started = Date.now();
  let told = false;
  for (;;) {
    const lock = tryLock(dataDir, info);
    if (lock) return lock;
    const holder = currentHolder(dataDir);
    if (holder && !told) {
      say(`Waiting for \`dsp ${holder.command}\` (process ${holder.pid}) to finish with the embedded database in ${dataDir} …`);
      told = true;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`The embedded database in ${dataDir} is still in use by process ${holder?.pid}.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
