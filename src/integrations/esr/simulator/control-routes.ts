// Control endpoints of the simulated ESR, for tests and demos: change records (which drives the
// change feed) and make the port misbehave. JSON in, JSON out. They are off in production unless
// DSP_ESR_SIM_CONTROL=true (docs/esr.md), because anyone who can reach them can change what the
// simulated ESR says.
//
// GET    {prefix}/control                                                  settings, organisations, faults
// GET    {prefix}/control/organisations/{ods}/examples                     assignment numbers worth trying
// POST   {prefix}/control/organisations/{ods}/people                       hire a generated new starter
// POST   {prefix}/control/organisations/{ods}/churn                        change a share of the staff ({"fraction": 0.1})
// PUT    {prefix}/control/organisations/{ods}/people/{personId}            replace a person's records
// DELETE {prefix}/control/organisations/{ods}/people/{personId}            remove a person
// POST   {prefix}/control/organisations/{ods}/people/{personId}/name       change names
// POST   {prefix}/control/organisations/{ods}/people/{personId}/competences        award or renew a CSTF competence
// POST   {prefix}/control/organisations/{ods}/people/{personId}/registrations      set a professional registration
// POST   {prefix}/control/organisations/{ods}/people/{personId}/occupational-health add OH records
// POST   {prefix}/control/organisations/{ods}/assignments/{number}/leaver  end an assignment
// PATCH  {prefix}/control/organisations/{ods}/assignments/{number}         change assignment details
// POST   {prefix}/control/faults          add a fault       GET  {prefix}/control/faults   list them
// DELETE {prefix}/control/faults          clear them        DELETE {prefix}/control/faults/{id}
// POST   {prefix}/control/reset           generate the population again (earlier cursors expire)
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  STAFF_GROUPS,
  zEsrAssignmentNumber,
  zEsrDate,
  zEsrOccupationalHealth,
  zEsrOrgCode,
  zEsrPersonId,
  zEsrPersonRecords,
  zEsrProfessionalRegistration,
} from '../../../core/esr/index.ts';
import { zFaultInput } from './faults.ts';
import { sendError } from './port-routes.ts';
import { SimulatorRequestError, type EsrSimulator } from './simulator.ts';

const zName = z.string().trim().min(1).max(100);
const zText = z.string().trim().min(1).max(500);

const zOrgParams = z.strictObject({ ods: zEsrOrgCode });
const zPersonParams = z.strictObject({ ods: zEsrOrgCode, personId: zEsrPersonId });
const zAssignmentParams = z.strictObject({ ods: zEsrOrgCode, assignmentNumber: zEsrAssignmentNumber });
const zFaultParams = z.strictObject({ id: z.coerce.number().int().min(1) });

const zNameChange = z.strictObject({ firstName: zName.optional(), middleNames: zName.nullable().optional(), lastName: zName.optional(), changedOn: zEsrDate.optional() });
const zLeaver = z.strictObject({ leavingDate: zEsrDate.optional() });
const zChurn = z.strictObject({ fraction: z.number().gt(0).max(1) });
const zAward = z.strictObject({
  competencyName: zText,
  subjectLevel: z.string().regex(/^[0-9]$/).optional(),
  dateLastAwarded: zEsrDate.optional(),
  learningMethod: zText.optional(),
  awardingOrganisation: zEsrOrgCode.optional(),
});
const zAssignmentUpdate = z
  .strictObject({
    department: zText.optional(),
    areaOfWork: zText.optional(),
    staffGroup: z.enum(STAFF_GROUPS).optional(),
    jobRole: zText.optional(),
    jobTitle: zText.optional(),
    assignmentCategory: zText.optional(),
    assignmentStatus: zText.optional(),
    fixedTermContractEndDate: zEsrDate.optional(),
    occupationCode: z.string().regex(/^[A-Z0-9]{2,6}$/).optional(),
    payBandOrPayScale: zText.optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'Give at least one field to change');
const zOccupationalHealthAddition = zEsrOccupationalHealth.partial().refine((o) => Object.values(o).some((list) => (list?.length ?? 0) > 0), 'Give at least one record');

/** Parses a control request's body, or answers 400 naming each bad field (values are not repeated). */
function parse<T>(schema: z.ZodType<T>, value: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  void sendError(reply, 400, 'invalid_request', problems.join('; '));
  return undefined;
}

export function registerEsrControlRoutes(app: FastifyInstance, simulator: EsrSimulator): void {
  const route = { config: { surface: 'protocol' as const, csrf: false }, logLevel: 'warn' as const };

  // Only JSON (or no body): a cross-site page can send text/plain without a CORS preflight, and
  // form posts are already refused by the server's CSRF check.
  app.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/json\b/i.test(type)) return sendError(reply, 415, 'invalid_request', 'Control requests are JSON');
  });

  // A refused control request answers its status; anything else is the server's error handler's.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SimulatorRequestError) {
      const code = error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'invalid_request';
      return sendError(reply, error.status, code, error.message);
    }
    throw error;
  });

  app.get('/control', route, async (_request, reply) => {
    const settings = simulator.settings();
    const store = simulator.store();
    return reply.header('cache-control', 'no-store').send({
      ...settings,
      head: store.head(),
      organisations: store.organisations().map((code) => ({ code, people: store.count(code) })),
      faults: simulator.faults.list(),
    });
  });

  app.get('/control/organisations/:ods/examples', route, async (request, reply) => {
    const params = parse(zOrgParams, request.params, reply);
    if (!params) return reply;
    return reply.header('cache-control', 'no-store').send({ examples: simulator.examples(params.ods) });
  });

  app.post('/control/organisations/:ods/people', route, async (request, reply) => {
    const params = parse(zOrgParams, request.params, reply);
    if (!params) return reply;
    return reply.code(201).send(simulator.hire(params.ods));
  });

  app.post('/control/organisations/:ods/churn', route, async (request, reply) => {
    const params = parse(zOrgParams, request.params, reply);
    const body = params && parse(zChurn, request.body, reply);
    if (!params || !body) return reply;
    return reply.send(simulator.churn(params.ods, body.fraction));
  });

  app.put('/control/organisations/:ods/people/:personId', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    const records = params && parse(zEsrPersonRecords, request.body, reply);
    if (!params || !records) return reply;
    if (records.organisationCode !== params.ods || records.person.personId !== params.personId)
      return sendError(reply, 400, 'invalid_request', 'The records must be of the organisation and person in the path');
    return reply.send({ changes: simulator.putPerson(records) });
  });

  app.delete('/control/organisations/:ods/people/:personId', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    if (!params) return reply;
    return reply.send({ changes: simulator.removePerson(params.ods, params.personId) });
  });

  app.post('/control/organisations/:ods/people/:personId/name', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    const body = params && parse(zNameChange, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.rename(params.ods, params.personId, body) });
  });

  app.post('/control/organisations/:ods/people/:personId/competences', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    const body = params && parse(zAward, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.awardCompetence(params.ods, params.personId, body) });
  });

  app.post('/control/organisations/:ods/people/:personId/registrations', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    const body = params && parse(zEsrProfessionalRegistration, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.setRegistration(params.ods, params.personId, body) });
  });

  app.post('/control/organisations/:ods/people/:personId/occupational-health', route, async (request, reply) => {
    const params = parse(zPersonParams, request.params, reply);
    const body = params && parse(zOccupationalHealthAddition, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.addOccupationalHealth(params.ods, params.personId, body) });
  });

  app.post('/control/organisations/:ods/assignments/:assignmentNumber/leaver', route, async (request, reply) => {
    const params = parse(zAssignmentParams, request.params, reply);
    const body = params && parse(zLeaver, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.makeLeaver(params.ods, params.assignmentNumber, body.leavingDate) });
  });

  app.patch('/control/organisations/:ods/assignments/:assignmentNumber', route, async (request, reply) => {
    const params = parse(zAssignmentParams, request.params, reply);
    const body = params && parse(zAssignmentUpdate, request.body, reply);
    if (!params || !body) return reply;
    return reply.send({ changes: simulator.updateAssignment(params.ods, params.assignmentNumber, body) });
  });

  app.get('/control/faults', route, async (_request, reply) => reply.send({ faults: simulator.faults.list() }));

  app.post('/control/faults', route, async (request, reply) => {
    const body = parse(zFaultInput, request.body, reply);
    if (!body) return reply;
    return reply.code(201).send(simulator.faults.add(body));
  });

  app.delete('/control/faults', route, async (_request, reply) => {
    simulator.faults.clear();
    return reply.code(204).send();
  });

  app.delete('/control/faults/:id', route, async (request, reply) => {
    const params = parse(zFaultParams, request.params, reply);
    if (!params) return reply;
    if (!simulator.faults.remove(params.id)) return sendError(reply, 404, 'not_found', 'No fault with that id');
    return reply.code(204).send();
  });

  app.post('/control/reset', route, async (_request, reply) => {
    simulator.reset();
    return reply.send({ ...simulator.settings(), head: simulator.store().head() });
  });
}
