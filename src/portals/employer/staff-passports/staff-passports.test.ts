// The staff passport pages through HTTP (E4, E15): inviting by form and by CSV, resend, delete,
// the list; validation, double submission, the invitation in the outbox, and another trust's
// user kept out of every page by URL and by form tampering.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { csrfFrom, testApp } from '../../../../test/support/app.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../../../../test/support/employer-session.ts';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { invitations } from '../../../store/invitations.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';

/** The page's text with the template's whitespace collapsed, for matching. */
const flat = (html: string) => html.replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<');

describeEachDatabase('employer portal: staff passports and invitations', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let a: EmployerTestSession;
  let b: EmployerTestSession;
  before(async () => {
    app = await testApp(database());
    const ua = await addEmployerUser(app, { ods: 'SPA01', role: 'administrator', displayName: 'Hana Reid' });
    const ub = await addEmployerUser(app, { ods: 'SPB01', role: 'senior-administrator' });
    a = await signInEmployer(app, { ods: 'SPA01', userId: ua.user.id });
    b = await signInEmployer(app, { ods: 'SPB01', userId: ub.user.id });
  });
  after(() => app.close());

  const get = (session: EmployerTestSession, url: string) => app.inject({ url, headers: { cookie: session.cookie } });
  /** Posts a form as the browser would: with the CSRF token of the page it is on. */
  async function post(session: EmployerTestSession, pageUrl: string, url: string, form: Record<string, string>) {
    const page = await get(session, pageUrl);
    const csrf = csrfFrom(page);
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie: `${session.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...form, _csrf: csrf.token }).toString(),
    });
  }
  const formTokenOf = (body: string) => /name="formToken" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const outbox = async (session: EmployerTestSession) => (await listOutbox(app.employerPortal.database.db, { organisationId: session.organisation.id, pageSize: 200 })).messages;
  const passports = (session: EmployerTestSession) => staffPassports(app.employerPortal.database.db, scopeOf(session.organisation.id));
  const valid = { givenName: 'Amara', familyName: 'Okoye', email: 'Amara.Okoye@example.nhs.uk', mobile: '07700 900123', staffGroup: 'Nursing and Midwifery Registered', dateOfBirth: '31/03/1990' };

  it('rejects a bad single form with the error summary (400), keeping what was typed', async () => {
    const form = await get(a, '/trusts/SPA01/employer/staff-passports/invite');
    assert.equal(form.statusCode, 200);
    const res = await post(a, '/trusts/SPA01/employer/staff-passports/invite', '/trusts/SPA01/employer/staff-passports/invite', {
      formToken: formTokenOf(form.body),
      givenName: 'Amara',
      familyName: '',
      email: 'not-an-email',
      mobile: '12345',
      staffGroup: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(flat(res.body), /nhsuk-error-summary/);
    assert.match(flat(res.body), /href="#familyName">Enter a last name/);
    assert.match(flat(res.body), /href="#email">Enter an email address in the correct format/);
    assert.match(flat(res.body), /href="#mobile">Enter a UK mobile number/);
    assert.match(flat(res.body), /href="#staffGroup">Select a staff group/);
    assert.match(flat(res.body), /value="Amara"/);
    assert.match(flat(res.body), /value="not-an-email"/);
    assert.equal((await passports(a).search({ limit: 10, offset: 0 })).total, 0);
  });

  it('invites one person by email and text, once however often the form is submitted', async () => {
    const form = await get(a, '/trusts/SPA01/employer/staff-passports/invite');
    const token = formTokenOf(form.body);
    const first = await post(a, '/trusts/SPA01/employer/staff-passports/invite', '/trusts/SPA01/employer/staff-passports/invite', { ...valid, formToken: token });
    assert.equal(first.statusCode, 303);
    const passport = await passports(a).findByEmail('amara.okoye@example.nhs.uk');
    assert.ok(passport);
    assert.equal(passport.status, 'invited');
    assert.equal(passport.mobile, '+447700900123');
    assert.equal(passport.dateOfBirth, '1990-03-31');
    assert.equal(first.headers.location, `/trusts/SPA01/employer/staff-passports/${passport.id}?done=invited`);
    const again = await post(a, '/trusts/SPA01/employer/staff-passports/invite', '/trusts/SPA01/employer/staff-passports/invite', { ...valid, formToken: token });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, first.headers.location);
    assert.equal((await passports(a).search({ limit: 10, offset: 0 })).total, 1);
    const messages = await outbox(a);
    const emails = messages.filter((m) => m.template === 'staff-invitation-email');
    assert.equal(emails.length, 1);
    assert.equal(emails[0]!.recipient, 'amara.okoye@example.nhs.uk');
    assert.match(emails[0]!.links[0] ?? '', /^http:\/\/localhost:3000\/trusts\/SPA01\/employee\/invitation\/[A-Za-z0-9_-]{43}$/);
    assert.equal(messages.filter((m) => m.template === 'staff-invitation-sms').length, 1);
    const page = await get(a, first.headers.location!);
    assert.equal(page.statusCode, 200);
    assert.match(flat(page.body), /Staff passport created/);
    assert.match(flat(page.body), /Invitation sent/);
    assert.match(flat(page.body), /by Hana Reid/);
  });

  it('refuses a second passport with the same email address (400 on the field)', async () => {
    const form = await get(a, '/trusts/SPA01/employer/staff-passports/invite');
    const res = await post(a, '/trusts/SPA01/employer/staff-passports/invite', '/trusts/SPA01/employer/staff-passports/invite', { ...valid, mobile: '', formToken: formTokenOf(form.body) });
    assert.equal(res.statusCode, 400);
    assert.match(flat(res.body), /href="#email">A staff passport with this email address already exists/);
  });

  it('checks every CSV row before sending: a bad row and duplicates are reported and nothing is sent; the corrected file is sent at once, once', async () => {
    const header = 'firstName,lastName,email,mobile,staffGroup,dateOfBirth';
    const bad = [
      header,
      'Ben,Cole,ben.cole@example.nhs.uk,07700900201,Medical and Dental,1985-02-01',
      'Cara,,cara@example,07700900202,Plumbers,1985-02-30',
      'Dan,Eve,BEN.COLE@example.nhs.uk,,Estates and Ancillary,',
      'Amy,Okoye,amara.okoye@example.nhs.uk,,Estates and Ancillary,',
    ].join('\n');
    const before = (await outbox(a)).length;
    const checked = await post(a, '/trusts/SPA01/employer/staff-passports/invite-csv', '/trusts/SPA01/employer/staff-passports/invite-csv', { step: 'check', csv: bad });
    assert.equal(checked.statusCode, 400);
    assert.match(flat(checked.body), /Line 3: Last name: Enter a last name; Date of birth: Date of birth must be a real date[^;]*; Email address: Enter an email address in the correct format[^<]*; Staff group: Staff group must be one of the 10 ESR staff groups/);
    assert.match(flat(checked.body), /Line 4: Duplicate: the same email address as line 2/);
    assert.match(flat(checked.body), /Line 5: Duplicate: a staff passport with this email address already exists/);
    assert.doesNotMatch(flat(checked.body), /Upload records and send invitations/);
    // Sending the bad file anyway (a tampered form) sends nothing either.
    const forced = await post(a, '/trusts/SPA01/employer/staff-passports/invite-csv', '/trusts/SPA01/employer/staff-passports/invite-csv', { step: 'send', csv: bad, formToken: '5b0f7a52-7d1b-4f43-9d57-8a3f3f1d0c11' });
    assert.equal(forced.statusCode, 400);
    assert.equal((await outbox(a)).length, before);
    assert.equal((await passports(a).search({ limit: 10, offset: 0 })).total, 1);

    const good = [header, 'Ben,Cole,ben.cole@example.nhs.uk,07700900201,Medical and Dental,1985-02-01', '"Cara","O\'Neil, Jr",cara@example.nhs.uk,,Allied Health Professionals,'].join('\r\n');
    const ok = await post(a, '/trusts/SPA01/employer/staff-passports/invite-csv', '/trusts/SPA01/employer/staff-passports/invite-csv', { step: 'check', csv: good });
    assert.equal(ok.statusCode, 200);
    assert.match(flat(ok.body), /Check the 2 people to invite/);
    const token = formTokenOf(ok.body);
    const sent = await post(a, '/trusts/SPA01/employer/staff-passports/invite-csv', '/trusts/SPA01/employer/staff-passports/invite-csv', { step: 'send', csv: good, formToken: token });
    assert.equal(sent.statusCode, 303, /<h1>.*?<\/h1>|error-summary__list">.*?<\/ul>/.exec(flat(sent.body))?.[0]);
    assert.equal(sent.headers.location, '/trusts/SPA01/employer/staff-passports?done=invited-csv&count=2');
    const twice = await post(a, '/trusts/SPA01/employer/staff-passports/invite-csv', '/trusts/SPA01/employer/staff-passports/invite-csv', { step: 'send', csv: good, formToken: token });
    assert.equal(twice.statusCode, 303);
    assert.equal((await passports(a).search({ limit: 10, offset: 0 })).total, 3);
    assert.equal((await passports(a).findByEmail('cara@example.nhs.uk'))?.familyName, "O'Neil, Jr");
    const emails = (await outbox(a)).filter((m) => m.template === 'staff-invitation-email');
    assert.deepEqual(emails.map((m) => m.recipient).sort(), ['amara.okoye@example.nhs.uk', 'ben.cole@example.nhs.uk', 'cara@example.nhs.uk']);
  });

  /** Posts the CSV page's multipart form with a file, as a browser does (the CSRF token a field of it). */
  async function upload(session: EmployerTestSession, file: { name: string; type: string; data: Buffer } | undefined, fields: Record<string, string> = {}, csrf = true) {
    const url = '/trusts/SPA01/employer/staff-passports/invite-csv';
    const token = csrfFrom(await get(session, url));
    const form = new FormData();
    if (csrf) form.append('_csrf', token.token);
    form.append('step', 'check');
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('csvFile', file ? new Blob([new Uint8Array(file.data)], { type: file.type }) : new Blob([]), file?.name ?? '');
    return app.inject({ method: 'POST', url, headers: { cookie: `${session.cookie}; ${token.cookie}` }, payload: form });
  }

  it('checks an uploaded CSV file: UTF-8 or Windows-1252, never a spreadsheet or an oversized file; the template downloads', async () => {
    const template = await get(a, '/trusts/SPA01/employer/staff-passports/invite-csv/template.csv');
    assert.equal(template.statusCode, 200);
    assert.match(String(template.headers['content-disposition']), /attachment; filename="invite-staff-template.csv"/);
    assert.equal(template.body.split('\r\n')[0], 'firstName,lastName,dateOfBirth,email,mobile,staffGroup,jobRole,employmentType,employmentStatus,orielPin,esrAssignmentNumber');
    // The template's example row is itself a valid row: uploaded unchanged it is ready to send.
    const asIs = await upload(a, { name: 'template.csv', type: 'text/csv', data: Buffer.from(template.body) });
    assert.equal(asIs.statusCode, 200, /error-summary__list">.*?<\/ul>/.exec(flat(asIs.body))?.[0]);
    assert.match(flat(asIs.body), /Check the 1 person to invite|Check the 1 people to invite/);
    assert.equal((await get(b, '/trusts/SPA01/employer/staff-passports/invite-csv/template.csv')).statusCode, 404);

    // Excel's "CSV (Comma delimited)" is Windows-1252: an é is the single byte 0xE9.
    const ansi = Buffer.concat([Buffer.from('firstName,lastName,email,staffGroup\r\nRen'), Buffer.from([0xe9]), Buffer.from(',Dubois,rene.dubois@example.nhs.uk,Medical and Dental\r\n')]);
    const checked = await upload(a, { name: 'ansi.csv', type: 'text/csv', data: ansi });
    assert.equal(checked.statusCode, 200);
    assert.match(checked.body, /René/);
    assert.match(checked.body, /name="csv" value="firstName,lastName,email,staffGroup\r?\nRené,Dubois/);

    // A spreadsheet saved as .xlsx (a ZIP), an image, an empty choice, an oversized file: 400 beside the file field, the pasted text kept.
    const xlsx = await upload(a, { name: 'staff.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]) }, { csv: 'kept text' });
    assert.equal(xlsx.statusCode, 400);
    assert.match(flat(xlsx.body), /href="#csvFile">The selected file must be a CSV file/);
    assert.match(xlsx.body, />kept text<\/textarea>/);
    const empty = await upload(a, { name: 'empty.csv', type: 'text/csv', data: Buffer.from('  \r\n') });
    assert.match(flat(empty.body), /href="#csvFile">The selected file is empty/);
    const none = await upload(a, undefined);
    assert.equal(none.statusCode, 400);
    assert.match(flat(none.body), /href="#csvFile">Choose a CSV file, or paste its text/);
    const big = await upload(a, { name: 'big.csv', type: 'text/csv', data: Buffer.alloc(1_100_000, 'a') });
    assert.equal(big.statusCode, 400);
    assert.match(flat(big.body), /href="#csvFile">The selected file must be smaller than 400 KB/);

    // A multipart form without the CSRF token is refused like any other form; nothing checked.
    const forged = await upload(a, { name: 'x.csv', type: 'text/csv', data: Buffer.from('firstName,lastName,email,staffGroup\r\n') }, {}, false);
    assert.equal(forged.statusCode, 403);
    // Only pages that take files read multipart: the single-person form answers 415.
    const form = new FormData();
    form.append('givenName', 'Amara');
    const elsewhere = await app.inject({ method: 'POST', url: '/trusts/SPA01/employer/staff-passports/invite', headers: { cookie: a.cookie }, payload: form });
    assert.equal(elsewhere.statusCode, 415);
  });

  it('resends an invitation once per submission: a new link, the old one superseded', async () => {
    const passport = (await passports(a).findByEmail('ben.cole@example.nhs.uk'))!;
    const url = `/trusts/SPA01/employer/staff-passports/${passport.id}`;
    const page = await get(a, url);
    const latest = /name="latestInvitation" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const first = await post(a, url, `${url}/resend-invitation`, { latestInvitation: latest });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${url}?done=resent`);
    const second = await post(a, url, `${url}/resend-invitation`, { latestInvitation: latest });
    assert.equal(second.statusCode, 303);
    const emails = (await outbox(a)).filter((m) => m.template === 'staff-invitation-email' && m.recipient === 'ben.cole@example.nhs.uk');
    assert.equal(emails.length, 2);
    assert.notEqual(emails[0]!.links[0], emails[1]!.links[0]);
    const live = await invitations(app.employerPortal.database.db, scopeOf(a.organisation.id)).findLive(passport.id);
    assert.notEqual(live?.id, latest);
  });

  it('keeps another trust\'s user out of every page, by URL and by form tampering', async () => {
    const passport = (await passports(a).findByEmail('ben.cole@example.nhs.uk'))!;
    for (const path of ['/staff-passports', '/staff-passports/invite', '/staff-passports/invite-csv', `/staff-passports/${passport.id}`, `/staff-passports/${passport.id}/delete`]) {
      const res = await get(b, `/trusts/SPA01/employer${path}`);
      assert.equal(res.statusCode, 404, path);
      assert.doesNotMatch(flat(res.body), /Cole/);
    }
    // At their own trust, with A's passport id.
    assert.equal((await get(b, `/trusts/SPB01/employer/staff-passports/${passport.id}`)).statusCode, 404);
    assert.equal((await get(b, `/trusts/SPB01/employer/staff-passports/${passport.id}/delete`)).statusCode, 404);
    const home = '/trusts/SPB01/employer/staff-passports/invite';
    assert.equal((await post(b, home, `/trusts/SPB01/employer/staff-passports/${passport.id}/resend-invitation`, { latestInvitation: 'none' })).statusCode, 404);
    assert.equal((await post(b, home, `/trusts/SPB01/employer/staff-passports/${passport.id}/delete`, {})).statusCode, 404);
    assert.ok(await passports(a).findById(passport.id));
    assert.equal((await passports(b).search({ limit: 10, offset: 0 })).total, 0);
    const list = await get(b, '/trusts/SPB01/employer/staff-passports?q=cole');
    assert.equal(list.statusCode, 200);
    assert.match(flat(list.body), /No staff passports match your search/);
  });

  it('deletes a passport (E15): the person is emailed, it leaves the list, and a second submission acts once', async () => {
    const passport = (await passports(a).findByEmail('cara@example.nhs.uk'))!;
    const url = `/trusts/SPA01/employer/staff-passports/${passport.id}/delete`;
    const confirm = await get(a, url);
    assert.equal(confirm.statusCode, 200);
    assert.match(flat(confirm.body), /This cannot be undone/);
    const first = await post(a, url, url, {});
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/trusts/SPA01/employer/staff-passports?done=deleted');
    const second = await post(a, '/trusts/SPA01/employer/staff-passports/invite', url, {});
    assert.equal(second.statusCode, 303);
    assert.equal(await passports(a).findById(passport.id), undefined);
    assert.equal((await outbox(a)).filter((m) => m.template === 'staff-invitation-deleted-email' && m.recipient === 'cara@example.nhs.uk').length, 1);
  });

  it('lists, searches, filters and pages the staff', async () => {
    for (let i = 0; i < 30; i++) {
      await passports(a).add({ givenName: `Given${i}`, familyName: `Zed${String(i).padStart(2, '0')}`, email: `zed${i}@example.nhs.uk`, status: i % 3 === 0 ? 'credentials-pending' : 'active' });
    }
    const first = await get(a, '/trusts/SPA01/employer/staff-passports');
    assert.equal(first.statusCode, 200);
    assert.match(flat(first.body), /Showing 1 to 25 of 32 staff passports/);
    assert.match(flat(first.body), /Cole, Ben/);
    const second = await get(a, '/trusts/SPA01/employer/staff-passports?page=2');
    assert.match(flat(second.body), /Showing 26 to 32 of 32/);
    assert.match(flat(second.body), /Zed29, Given29/);
    const search = await get(a, '/trusts/SPA01/employer/staff-passports?q=OKOYE');
    assert.match(flat(search.body), /Showing 1 to 1 of 1 staff passport</);
    assert.match(flat(search.body), /Okoye, Amara/);
    // Every word must match: Given1 and Given10–19 (family names Zed10–19, or the email zed1@).
    const both = await get(a, '/trusts/SPA01/employer/staff-passports?q=given1+zed1');
    assert.match(flat(both.body), /of 11 staff passports/);
    const status = await get(a, '/trusts/SPA01/employer/staff-passports?status=credentials-pending');
    assert.match(flat(status.body), /of 10 staff passports/);
    const action = await get(a, '/trusts/SPA01/employer/staff-passports?action=connect-esr');
    assert.match(flat(action.body), /of 30 staff passports/);
    const wild = await get(a, '/trusts/SPA01/employer/staff-passports?q=%25');
    assert.match(flat(wild.body), /No staff passports match your search/);
  });
});
