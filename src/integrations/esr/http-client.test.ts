// The HTTP client against the simulator over real HTTP: every port operation, its success and
// each way it can fail (simulator error, timeout, malformed JSON, wrong shape, an HTML page, a
// dropped connection, not found), and the change feed after records are changed through the
// control endpoints.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../../../test/support/free-port.ts';
import { testConfig } from '../../../test/support/app.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import { createLogger } from '../../platform/logger.ts';
import {
  EsrCursorExpired,
  EsrMalformedResponse,
  EsrNotFound,
  EsrRequestRejected,
  EsrTimeout,
  EsrUnavailable,
  type EsrError,
} from './errors.ts';
import { createEsrHttpClient } from './http-client.ts';
import type { EsrPort } from './port.ts';
import { DEMO_ASSIGNMENT_NUMBER, DEMO_PERSON_ID } from './simulator/demo-people.ts';
import type { FaultInput } from './simulator/faults.ts';
import { registerEsrSimulator } from './simulator/register-esr-simulator.ts';
import { createEsrSimulator } from './simulator/simulator.ts';

const clock = fixedClock(new Date('2026-11-21T09:00:00Z'));
let epochs = 0;

async function startSimulator(options: { control?: boolean; size?: number } = {}) {
  const port = await freePort();
  const config = testConfig({ PORT: String(port), DSP_PUBLIC_URL: `http://127.0.0.1:${port}` });
  const lines: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const app = await createHttpServer({ config, logger });
  const simulator = createEsrSimulator({ seed: 'http-test', size: options.size ?? 60, organisations: ['RZX', 'RZY'], clock, newEpoch: () => `e${++epochs}` });
  registerEsrSimulator(app, { simulator, control: options.control ?? true });
  await app.listen({ host: '127.0.0.1', port });
  return { app, simulator, baseUrl: `http://127.0.0.1:${port}/esr-sim`, lines };
}

/** Expects the call to fail with `type`; returns the error. */
async function failure<T extends EsrError>(call: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

describe('the ESR HTTP client against the simulator', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let lines: string[];
  let esr: EsrPort;
  let logLines: string[];

  before(async () => {
    ({ app, baseUrl, lines } = await startSimulator());
    logLines = [];
    const clientLogger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
    esr = createEsrHttpClient({ baseUrl, timeoutMs: 300, logger: clientLogger });
  });
  after(() => app.close());

  async function fault(input: FaultInput) {
    const response = await fetch(`${baseUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, ...input }) });
    assert.equal(response.status, 201, await response.clone().text());
  }

  async function control(method: string, path: string, body?: unknown) {
    const response = await fetch(`${baseUrl}/control${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) };
  }

  const operations: [string, () => Promise<unknown>][] = [
    ['lookupAssignment', () => esr.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER)],
    ['personRecords by assignment number', () => esr.personRecords('RZX', { assignmentNumber: DEMO_ASSIGNMENT_NUMBER })],
    ['personRecords by person id', () => esr.personRecords('RZX', { personId: DEMO_PERSON_ID })],
    ['changesSince', () => esr.changesSince('RZX', undefined)],
  ];

  it('looks up the demo person’s assignment number: names, date of birth and the assignment', async () => {
    const found = await esr.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER);
    assert.equal(found.person.firstName, 'Olivia');
    assert.equal(found.person.lastName, 'Bennett');
    assert.equal(found.person.dateOfBirth, '1990-04-12');
    assert.equal(found.assignment.jobTitle, 'Registered Nurse - Adult');
    assert.equal(found.assignment.organisationName, 'Riverside Hospitals NHS Foundation Trust');
  });

  it('fetches a person’s records by assignment number or person id: the same records', async () => {
    const byNumber = await esr.personRecords('RZX', { assignmentNumber: DEMO_ASSIGNMENT_NUMBER });
    const byId = await esr.personRecords('RZX', { personId: DEMO_PERSON_ID });
    assert.deepEqual(byNumber, byId);
    assert.ok(byNumber.competences.length >= 8);
    assert.equal(byNumber.registrations[0]!.registrationNumber, '12A3456E');
    assert.ok(byNumber.occupationalHealth.vaccinations.length > 0);
  });

  it('reads the change feed page by page', async () => {
    const first = await esr.changesSince('RZY', undefined, { limit: 5 });
    assert.equal(first.changes.length, 5);
    assert.equal(first.hasMore, true);
    const second = await esr.changesSince('RZY', first.nextCursor, { limit: 5 });
    assert.notEqual(second.changes[0]!.cursor, first.changes[4]!.cursor);
    const all = await esr.changesSince('RZY', undefined, { limit: 1000 });
    assert.deepEqual([...first.changes, ...second.changes], all.changes.slice(0, 10));
  });

  for (const [name, call] of operations) {
    describe(name, () => {
      it('answers a simulator error (503 with Retry-After) with EsrUnavailable, retryable', async () => {
        await fault({ kind: 'error', status: 503, retryAfterSeconds: 30 });
        const error = await failure(call(), EsrUnavailable);
        assert.equal(error.retryable, true);
        assert.equal(error.status, 503);
        assert.equal(error.retryAfterMs, 30_000);
        assert.match(error.message, /^ESR is unavailable \((lookupAssignment|personRecords|changesSince)\): HTTP 503$/);
      });

      it('answers a 500 and a dropped connection with EsrUnavailable', async () => {
        await fault({ kind: 'error', status: 500 });
        assert.equal((await failure(call(), EsrUnavailable)).status, 500);
        await fault({ kind: 'disconnect' });
        await failure(call(), EsrUnavailable);
      });

      it('answers a slow simulator with EsrTimeout after the configured time, retryable', async () => {
        await fault({ kind: 'delay', delayMs: 5000 });
        const started = Date.now();
        const error = await failure(call(), EsrTimeout);
        assert.ok(Date.now() - started < 2000, 'gave up at about the timeout, not after the delay');
        assert.equal(error.retryable, true);
        assert.equal(error.timeoutMs, 300);
        assert.match(error.message, /did not answer .* within 300 ms/);
      });

      it('answers truncated JSON, JSON of the wrong shape and an HTML page with EsrMalformedResponse', async () => {
        await fault({ kind: 'malformed-json' });
        assert.deepEqual((await failure(call(), EsrMalformedResponse)).problems, ['the body is not valid JSON']);
        await fault({ kind: 'wrong-shape' });
        const shape = await failure(call(), EsrMalformedResponse);
        assert.match(shape.problems[0]!, /^\/(organisationCode|changes): .*expected (string|array), received number/);
        await fault({ kind: 'html' });
        assert.deepEqual((await failure(call(), EsrMalformedResponse)).problems, ['the body is not JSON (content type text/html)']);
      });

      it('succeeds again once the fault has passed', async () => {
        await call();
      });
    });
  }

  it('answers an unknown assignment number, person or organisation with EsrNotFound naming which, not retryable', async () => {
    const number = await failure(esr.lookupAssignment('RZX', '19999999'), EsrNotFound);
    assert.equal(number.resource, 'assignment');
    assert.equal(number.retryable, false);
    assert.equal((await failure(esr.personRecords('RZX', { assignmentNumber: '19999999' }), EsrNotFound)).resource, 'assignment');
    assert.equal((await failure(esr.personRecords('RZX', { personId: '123456789' }), EsrNotFound)).resource, 'person');
    assert.equal((await failure(esr.changesSince('RZQ', undefined), EsrNotFound)).resource, 'organisation');
    // Riverside's number is not Hillside's: assignment numbers are per trust.
    assert.equal((await failure(esr.lookupAssignment('RZY', DEMO_ASSIGNMENT_NUMBER), EsrNotFound)).resource, 'assignment');
  });

  it('refuses malformed arguments before sending anything', async () => {
    await assert.rejects(esr.lookupAssignment('RZX', '1234'), TypeError);
    await assert.rejects(esr.lookupAssignment('rzx', DEMO_ASSIGNMENT_NUMBER), TypeError);
    await assert.rejects(esr.personRecords('RZX', { personId: 'abc' }), TypeError);
    await assert.rejects(esr.changesSince('RZX', undefined, { limit: 0 }), TypeError);
  });

  it('tells a wrong base URL (404 without an ESR error body) from an unknown number', async () => {
    const wrong = createEsrHttpClient({ baseUrl: baseUrl.replace('/esr-sim', '/not-esr'), timeoutMs: 1000 });
    const error = await failure(wrong.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER), EsrRequestRejected);
    assert.equal(error.status, 404);
    assert.equal(error.retryable, false);
    assert.match(error.message, /DSP_ESR_URL/);
  });

  it('answers a server nobody listens on with EsrUnavailable (connection refused)', async () => {
    const nobody = createEsrHttpClient({ baseUrl: `http://127.0.0.1:${await freePort()}/esr-sim`, timeoutMs: 1000 });
    const error = await failure(nobody.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER), EsrUnavailable);
    assert.match(error.detail, /ECONNREFUSED/);
  });

  it('refuses an answer larger than the limit', async () => {
    const small = createEsrHttpClient({ baseUrl, timeoutMs: 1000, maxBodyBytes: 1000 });
    const error = await failure(small.personRecords('RZX', { personId: DEMO_PERSON_ID }), EsrMalformedResponse);
    assert.deepEqual(error.problems, ['the body is larger than 1000 bytes']);
  });

  it('refuses a cursor the feed did not give out, and expires cursors when the simulator starts again', async () => {
    await failure(esr.changesSince('RZX', 'not-a-cursor'), EsrRequestRejected);
    const { nextCursor } = await esr.changesSince('RZX', undefined, { limit: 1000 });
    await failure(esr.changesSince('RZX', nextCursor.replace(/\.[0-9]+$/, '.999999')), EsrCursorExpired);
    assert.equal((await control('POST', '/reset')).status, 200);
    const expired = await failure(esr.changesSince('RZX', nextCursor), EsrCursorExpired);
    assert.equal(expired.retryable, false);
    // The same seed gives the same people after a restart.
    assert.equal((await esr.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER)).person.personId, DEMO_PERSON_ID);
  });

  it('feeds exactly the changes made through the control endpoints, in order, and the records show them', async () => {
    const { nextCursor: head } = await esr.changesSince('RZX', undefined, { limit: 1000 });
    const examples = (await control('GET', '/organisations/RZX/examples')).body!.examples as { label: string; assignmentNumber: string; personId: string }[];
    const someone = examples.find((e) => e.label === 'expired training')!;
    assert.ok(someone, 'the examples name someone with expired training');

    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/name`, { lastName: 'Okafor' })).status, 200);
    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/competences`, { competencyName: 'Information Governance and Data Security' })).status, 200);
    assert.equal((await control('POST', `/organisations/RZX/assignments/${someone.assignmentNumber}/leaver`, { leavingDate: '2026-11-21' })).status, 200);
    assert.equal(
      (await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/occupational-health`, { vaccinations: [{ code: 'FLU001', description: 'Seasonal influenza vaccination', date: '2026-11-20' }] })).status,
      200,
    );
    const hired = await control('POST', '/organisations/RZX/people');
    assert.equal(hired.status, 201);
    const newStarter = (hired.body!.records as { person: { personId: string }; assignments: { assignmentNumber: string; effectiveStartDate: string }[] });

    const page = await esr.changesSince('RZX', head);
    assert.deepEqual(
      page.changes.map((c) => [c.kind, c.personId, c.item ?? c.assignmentNumber ?? '']),
      [
        ['name-change', DEMO_PERSON_ID, ''],
        ['competence', DEMO_PERSON_ID, 'Information Governance and Data Security'],
        ['leaver', someone.personId, someone.assignmentNumber],
        ['occupational-health', DEMO_PERSON_ID, ''],
        ['new-starter', newStarter.person.personId, newStarter.assignments[0]!.assignmentNumber],
      ],
    );
    assert.ok(page.changes.every((c) => c.changedAt === '2026-11-21T09:00:00.000Z'));
    assert.equal(page.hasMore, false);
    assert.deepEqual((await esr.changesSince('RZX', page.nextCursor)).changes, [], 'nothing after the last change');

    const olivia = await esr.personRecords('RZX', { personId: DEMO_PERSON_ID });
    assert.equal(olivia.person.lastName, 'Okafor');
    assert.deepEqual(olivia.person.previousNames, [{ firstName: 'Olivia', lastName: 'Bennett', changedOn: '2026-11-21' }]);
    const ig = olivia.competences.find((c) => c.competencyName === 'Information Governance and Data Security')!;
    assert.deepEqual([ig.dateLastAwarded, ig.dateTo, ig.renewalPeriodNumber], ['2026-11-21', '2027-11-21', 1]);
    const leaver = await esr.lookupAssignment('RZX', someone.assignmentNumber);
    assert.equal(leaver.assignment.assignmentStatus, 'Terminate Assignment');
    assert.equal(leaver.assignment.effectiveEndDate, '2026-11-21');
    assert.equal(newStarter.assignments[0]!.effectiveStartDate, '2026-11-21');
    assert.equal((await esr.lookupAssignment('RZX', newStarter.assignments[0]!.assignmentNumber)).person.personId, newStarter.person.personId);
  });

  it('refuses control requests that are malformed, about nobody, or would make the records invalid', async () => {
    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/name`, { lastName: '' })).status, 400);
    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/name`, { surname: 'X' })).status, 400);
    assert.equal((await control('POST', '/organisations/RZX/people/123456789/name', { lastName: 'X' })).status, 404);
    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/competences`, { competencyName: 'Fire Juggling' })).status, 400);
    assert.equal((await control('POST', `/organisations/RZX/people/${DEMO_PERSON_ID}/competences`, { competencyName: 'Fire Safety', subjectLevel: '3' })).status, 400);
    assert.equal((await control('PATCH', `/organisations/RZX/assignments/${DEMO_ASSIGNMENT_NUMBER}`, { staffGroup: 'Jugglers' })).status, 400);
    assert.equal((await control('POST', '/faults', { kind: 'delay' })).status, 400);
    const plain = await fetch(`${baseUrl}/control/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(plain.status, 415, 'a cross-site text/plain post is refused');
    const leaver = await control('POST', `/organisations/RZX/assignments/${DEMO_ASSIGNMENT_NUMBER}/leaver`, {});
    assert.equal(leaver.status, 200);
    assert.equal((await control('POST', `/organisations/RZX/assignments/${DEMO_ASSIGNMENT_NUMBER}/leaver`, {})).status, 409);
  });

  it('churns a share of the staff through the control endpoint, and the feed shows each change', async () => {
    assert.equal((await control('POST', '/organisations/RZY/churn', { fraction: 0 })).status, 400);
    const { nextCursor } = await esr.changesSince('RZY', undefined, { limit: 1000 });
    const churned = await control('POST', '/organisations/RZY/churn', { fraction: 0.2 });
    assert.equal(churned.status, 200);
    const feed = await esr.changesSince('RZY', nextCursor, { limit: 1000 });
    assert.equal(feed.changes.length, churned.body!.people);
    assert.deepEqual(feed.changes, churned.body!.changes);
  });

  it('never logs an assignment number, a person id or a name, on the client or the simulator', async () => {
    await fault({ kind: 'error', status: 502 });
    await failure(esr.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER), EsrUnavailable);
    await esr.personRecords('RZX', { personId: DEMO_PERSON_ID });
    assert.ok(logLines.some((l) => l.includes('"operation":"lookupAssignment"') && l.includes('"status":502')), `the failure is logged:\n${logLines.join('')}`);
    // (The server's own log of the wrong-base-URL test's unknown path is not the simulator's.)
    for (const line of [...logLines, ...lines.filter((l) => !l.includes('/not-esr/'))]) for (const secret of [DEMO_ASSIGNMENT_NUMBER, DEMO_PERSON_ID, 'Olivia', 'Okafor']) assert.ok(!line.includes(secret), `a log line holds ${secret}: ${line}`);
  });
});

describe('the simulator with its control endpoints off', () => {
  it('serves the port but not the control endpoints', async () => {
    const { app, simulator, baseUrl } = await startSimulator({ control: false, size: 5 });
    try {
      const esr = createEsrHttpClient({ baseUrl, timeoutMs: 2000 });
      assert.equal((await esr.lookupAssignment('RZX', DEMO_ASSIGNMENT_NUMBER)).person.personId, DEMO_PERSON_ID);
      const response = await fetch(`${baseUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'error' }) });
      assert.equal(response.status, 404);
      assert.deepEqual(simulator.faults.list(), []);
    } finally {
      await app.close();
    }
  });
});
