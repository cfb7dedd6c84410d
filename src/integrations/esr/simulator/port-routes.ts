// The simulated ESR's HTTP interface: the ESR port as JSON over HTTP (docs/esr.md), which the
// HTTP client (../http-client.ts) speaks. Each route: parse the path and query → apply a fault if
// one is set → ask the in-memory port → answer with the records or an error body.
//
// GET {prefix}/organisations/{ods}/assignments/{assignmentNumber}           lookupAssignment
// GET {prefix}/organisations/{ods}/assignments/{assignmentNumber}/records   personRecords by assignment
// GET {prefix}/organisations/{ods}/people/{personId}/records                personRecords by person id
// GET {prefix}/organisations/{ods}/changes?since={cursor}&limit={n}         changesSince
//
// Errors: `{"error", "error_description"}` (the protocol error form of docs/architecture.md D7),
// with `resource` on a 404 so a client can tell an unknown number from a wrong base URL:
// 400 invalid_request, 404 not_found, 410 cursor_expired. Responses carry personal data (even if
// fictional here): `cache-control: no-store`, and requests are not logged (their paths hold
// assignment numbers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zEsrAssignmentNumber, zEsrOrgCode, zEsrPersonId } from '../../../core/esr/index.ts';
import { EsrCursorExpired, EsrError, EsrNotFound, EsrRequestRejected } from '../errors.ts';
import { maxChangesLimit, type EsrOperation } from '../port.ts';
import type { Fault } from './faults.ts';
import type { EsrSimulator } from './simulator.ts';

const zOrgParams = z.strictObject({ ods: zEsrOrgCode });
const zAssignmentParams = z.strictObject({ ods: zEsrOrgCode, assignmentNumber: zEsrAssignmentNumber });
const zPersonParams = z.strictObject({ ods: zEsrOrgCode, personId: zEsrPersonId });
const zChangesQuery = z.strictObject({
  since: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(maxChangesLimit).optional(),
});

export function sendError(reply: FastifyReply, status: number, error: string, description: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description, ...extra });
}

/** Waits, but stops waiting when the client goes away (so a test's server can close at once). */
function wait(reply: FastifyReply, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      reply.raw.off('close', done);
      resolve();
    }
    reply.raw.once('close', done);
  });
}

/** The answer with its first member replaced by a number: JSON, but not the promised shape. */
function wrongShape(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return { unexpected: true };
  const entries = Object.entries(payload);
  if (entries.length === 0) return { unexpected: true };
  return Object.fromEntries(entries.map(([k, v], i) => [k, i === 0 ? 12345 : v]));
}

async function answer(
  simulator: EsrSimulator,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: EsrOperation,
  orgCode: string,
  compute: () => Promise<unknown>,
): Promise<FastifyReply> {
  const fault: Fault | undefined = simulator.faults.take(operation, orgCode);
  if (fault?.kind === 'disconnect') {
    // A connection that drops without an answer: the client sees a network error.
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
  if (fault?.kind === 'error') {
    if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
    return sendError(reply, fault.status ?? 503, fault.status === 429 ? 'rate_limited' : 'server_error', 'Simulated ESR failure');
  }
  if (fault?.kind === 'delay') await wait(reply, fault.delayMs ?? 0);

  let payload: unknown;
  try {
    payload = await compute();
  } catch (error) {
    if (error instanceof EsrNotFound) return sendError(reply, 404, 'not_found', `No ${error.resource} with that identifier`, { resource: error.resource });
    if (error instanceof EsrCursorExpired) return sendError(reply, 410, 'cursor_expired', 'This change-feed cursor is no longer known; read the records again');
    if (error instanceof EsrRequestRejected) return sendError(reply, 400, 'invalid_request', error.detail);
    if (error instanceof EsrError) return sendError(reply, 500, 'server_error', 'The simulated ESR failed');
    throw error;
  }
  reply.header('cache-control', 'no-store');
  if (fault?.kind === 'malformed-json') return reply.type('application/json').send(JSON.stringify(payload).slice(0, 40));
  if (fault?.kind === 'html') return reply.type('text/html; charset=utf-8').send('<!doctype html><title>Gateway</title><p>The service is temporarily unavailable.</p>');
  if (fault?.kind === 'wrong-shape') return reply.send(wrongShape(payload));
  return reply.send(payload);
}

export function registerEsrPortRoutes(app: FastifyInstance, simulator: EsrSimulator): void {
  // Request lines hold assignment numbers and person ids: only problems are logged.
  const route = { config: { surface: 'protocol' as const, csrf: false }, logLevel: 'warn' as const };

  app.get('/organisations/:ods/assignments/:assignmentNumber', route, async (request, reply) => {
    const params = zAssignmentParams.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid_request', 'The ODS code or the assignment number is not well formed');
    const { ods, assignmentNumber } = params.data;
    return answer(simulator, request, reply, 'lookupAssignment', ods, () => simulator.port.lookupAssignment(ods, assignmentNumber));
  });

  app.get('/organisations/:ods/assignments/:assignmentNumber/records', route, async (request, reply) => {
    const params = zAssignmentParams.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid_request', 'The ODS code or the assignment number is not well formed');
    const { ods, assignmentNumber } = params.data;
    return answer(simulator, request, reply, 'personRecords', ods, () => simulator.port.personRecords(ods, { assignmentNumber }));
  });

  app.get('/organisations/:ods/people/:personId/records', route, async (request, reply) => {
    const params = zPersonParams.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid_request', 'The ODS code or the person id is not well formed');
    const { ods, personId } = params.data;
    return answer(simulator, request, reply, 'personRecords', ods, () => simulator.port.personRecords(ods, { personId }));
  });

  app.get('/organisations/:ods/changes', route, async (request, reply) => {
    const params = zOrgParams.safeParse(request.params);
    const query = zChangesQuery.safeParse(request.query);
    if (!params.success || !query.success) return sendError(reply, 400, 'invalid_request', `The ODS code, since or limit (1 to ${maxChangesLimit}) is not well formed`);
    const { ods } = params.data;
    return answer(simulator, request, reply, 'changesSince', ods, () => simulator.port.changesSince(ods, query.data.since, { limit: query.data.limit }));
  });
}
