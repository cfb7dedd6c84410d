import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MissingPersonalisation, UnknownTemplate } from './errors.ts';
import { placeholdersOf, renderTemplate } from './render-template.ts';
import { findTemplate, templates, type Template } from './templates.ts';

const invitation = findTemplate('employer-user-invitation')!;

describe('rendering a template', () => {
  it('fills every ((placeholder)) in the subject and body', () => {
    const message = renderTemplate(invitation, {
      name: 'Ada Lovelace',
      organisation_name: 'Leeds Teaching Hospitals',
      link: 'http://localhost:3000/trusts/RR8/employer/set-password?token=abc',
      expires_at: '1 March 2026',
    });
    assert.equal(message.channel, 'email');
    assert.equal(message.subject, 'Set up your Digital Staff Passport account for Leeds Teaching Hospitals');
    assert.match(message.body, /^Hello Ada Lovelace,\n/);
    assert.match(message.body, /\nhttp:\/\/localhost:3000\/trusts\/RR8\/employer\/set-password\?token=abc\n/);
    assert.match(message.body, /ask an administrator at Leeds Teaching Hospitals to invite you again/);
    assert.doesNotMatch(message.body, /\(\(|\)\)/);
  });

  it('rejects personalisation that lacks a placeholder, naming every missing one', () => {
    assert.throws(
      () => renderTemplate(invitation, { name: 'Ada', organisation_name: 'Leeds' }),
      (error: unknown) => {
        assert.ok(error instanceof MissingPersonalisation);
        assert.equal(error.code, 'missing_personalisation');
        assert.deepEqual(error.placeholders, ['link', 'expires_at']);
        return true;
      },
    );
  });

  it('treats a value that is not a string as missing', () => {
    const sms = findTemplate('sms-verification-code')!;
    assert.throws(() => renderTemplate(sms, { code: 123456 as unknown as string, expires_in_minutes: '10' }), MissingPersonalisation);
  });

  it('does not look placeholders up on the object prototype', () => {
    const template: Template = { id: 'probe', channel: 'sms', body: 'x ((constructor)) ((toString))' };
    assert.throws(() => renderTemplate(template, {}), (e: unknown) => e instanceof MissingPersonalisation && e.placeholders.length === 2);
  });

  it('substitutes in one pass: a value containing ((x)) stays literal text', () => {
    const message = renderTemplate(invitation, { name: '((link))', organisation_name: 'Leeds', link: 'https://example.test/a', expires_at: 'soon' });
    assert.match(message.body, /^Hello \(\(link\)\),/);
  });

  it('keeps values on their line: line breaks and control characters in a value become spaces', () => {
    const message = renderTemplate(invitation, {
      name: 'Ada\r\n\r\nClick https://evil.test now\u2028',
      organisation_name: 'Leeds\nBcc: x@evil.test',
      link: 'https://example.test/a',
      expires_at: 'soon',
    });
    assert.equal(message.subject, 'Set up your Digital Staff Passport account for Leeds Bcc: x@evil.test');
    assert.equal(message.body.split('\n')[0], 'Hello Ada Click https://evil.test now ,');
    assert.equal(message.body.split('\n').length, invitation.body.split('\n').length);
  });

  it('leaves angle brackets as text: bodies are plain text, never HTML', () => {
    const message = renderTemplate(findTemplate('test-message')!, { organisation_name: '<b>Leeds</b>' });
    assert.match(message.body, /sent for <b>Leeds<\/b> to check/);
  });

  it('lists placeholder names once each, in order of first appearance', () => {
    assert.deepEqual(placeholdersOf('((a)) and (( b )) then ((a))'), ['a', 'b']);
  });
});

describe('the template catalogue', () => {
  it('gives every email template a subject and no SMS template one', () => {
    for (const [id, definition] of Object.entries(templates)) {
      const template = findTemplate(id)!;
      assert.equal(template.subject !== undefined, definition.channel === 'email', id);
    }
  });

  it('has the templates a newcomer meets', () => {
    for (const id of ['test-message', 'employer-user-invitation', 'email-verification-code', 'sms-verification-code']) assert.ok(findTemplate(id), id);
    assert.equal(findTemplate('sms-verification-code')!.channel, 'sms');
  });

  it('finds no template for an unknown or prototype id', () => {
    assert.equal(findTemplate('constructor'), undefined);
    assert.equal(findTemplate('__proto__'), undefined);
    assert.equal(new UnknownTemplate('nope').code, 'unknown_template');
  });
});
