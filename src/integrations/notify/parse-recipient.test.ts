import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRecipient } from './errors.ts';
import { parseEmailAddress, parseRecipient, parseUkMobile } from './parse-recipient.ts';

describe('parsing recipients', () => {
  it('accepts an email address, trimmed', () => {
    assert.equal(parseEmailAddress('  ada.lovelace@nhs.net '), 'ada.lovelace@nhs.net');
  });

  it('refuses an email recipient that is not an email address', () => {
    for (const bad of ['', 'ada', 'ada@', '@nhs.net', 'ada@nhs', 'ada lovelace@nhs.net', '07700900123', 'a@b.test\r\nBcc: x@y.test'])
      assert.throws(() => parseEmailAddress(bad), InvalidRecipient, JSON.stringify(bad));
  });

  it('normalises a UK mobile number to E.164', () => {
    assert.equal(parseUkMobile('07700 900123'), '+447700900123');
    assert.equal(parseUkMobile('07700-900-123'), '+447700900123');
    assert.equal(parseUkMobile('+447700900123'), '+447700900123');
    assert.equal(parseUkMobile('+44 (0)7700 900123'), '+447700900123');
  });

  it('refuses an SMS recipient that is not a UK mobile number', () => {
    for (const bad of ['', 'ada@nhs.net', '01132 430000', '+441132430000', '0770090012', '077009001234', '+33612345678', '7700900123'])
      assert.throws(() => parseUkMobile(bad), InvalidRecipient, JSON.stringify(bad));
  });

  it('parses by channel, and the error names the channel but not the value', () => {
    assert.equal(parseRecipient('sms', '07700900123'), '+447700900123');
    assert.throws(
      () => parseRecipient('email', '07700900123'),
      (e: unknown) => e instanceof InvalidRecipient && e.code === 'invalid_recipient' && e.channel === 'email' && !e.message.includes('0770'),
    );
  });
});
