// The local control channel: while `dsp start` runs on the embedded database, other `dsp`
// commands cannot open it (one process at a time), so they send their arguments to the
// server over a Unix socket in the data dir and print what it answers. The socket is
// created with mode 0600: only the user who runs the server can use it.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function controlSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'control.sock');
}

export async function listenControl(socketPath: string, run: (argv: string[]) => Promise<CommandOutput>): Promise<http.Server> {
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let output: CommandOutput;
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { argv?: unknown };
          if (!Array.isArray(body.argv) || !body.argv.every((a) => typeof a === 'string')) throw new TypeError('argv');
          output = await run(body.argv as string[]);
        } catch (error) {
          output = { exitCode: 1, stdout: '', stderr: `control channel: ${(error as Error).message}\n` };
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(output));
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  return server;
}

export function sendControl(socketPath: string, argv: string[]): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/run', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CommandOutput);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ argv }));
  });
}
