// A benchmark worker thread: prepares the tasks when asked, then times them when told, so the
// main thread can start both workers together (./main.ts, "two cores").
import { parentPort } from 'node:worker_threads';
import { timeRoundRobin, type Schedule, type Timing } from './measure.ts';
import { prepareTask, type Step, type TaskName } from './tasks.ts';

export type WorkerRequest = { kind: 'prepare'; tasks: readonly TaskName[] } | ({ kind: 'run' } & Schedule);
export type WorkerReply = { kind: 'ready' } | { kind: 'result'; timings: Timing[] } | { kind: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('bench/worker.ts runs only as a worker thread');

const steps: Step[] = [];
port.on('message', (request: WorkerRequest) => {
  const answer = async (): Promise<WorkerReply> => {
    if (request.kind === 'prepare') {
      for (const task of request.tasks) steps.push(await prepareTask(task));
      return { kind: 'ready' };
    }
    return { kind: 'result', timings: await timeRoundRobin(steps, request) };
  };
  answer().then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
