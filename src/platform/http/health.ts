// Liveness and readiness for load balancers and orchestrators (ARCHITECTURE.md §5).
// /health/live: the process answers. /health/ready: the database answers too, within a
// short timeout, so a replica whose database is gone is taken out of rotation.
import type { FastifyInstance } from 'fastify';

export interface HealthDeps {
  ping(): Promise<void>;
  timeoutMs?: number;
}

export function registerHealth(app: FastifyInstance, deps: HealthDeps): void {
  const timeoutMs = deps.timeoutMs ?? 2000;
  app.get('/health/live', { config: { surface: 'protocol' }, logLevel: 'warn' }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });
  app.get('/health/ready', { config: { surface: 'protocol' }, logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database did not answer in time')), timeoutMs);
        }),
      ]);
      return reply.send({ status: 'ok', checks: { database: 'ok' } });
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', checks: { database: 'unavailable' } });
    } finally {
      clearTimeout(timer);
    }
  });
}
