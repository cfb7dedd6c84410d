import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { DeliveryFailed } from './errors.ts';
import type { NotificationProvider } from './provider.ts';
import { renderTemplate } from './render-template.ts';
import { createSmtpProvider } from './smtp-provider.ts';
import { findTemplate } from './templates.ts';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** Headers unfolded (RFC 5322 §2.2.3) and the body with quoted-printable undone (RFC 2045 §6.7). */
function parseMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = new Map(headerText.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? ''))
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

describe('SMTP adapter', () => {
  const received: Received[] = [];
  let rejectRecipients = false;
  // A real SMTP server on an ephemeral local port: no STARTTLS, no AUTH.
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejectRecipients) return callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  let provider: NotificationProvider;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.server.address() as AddressInfo;
    provider = createSmtpProvider({ smtpUrl: `smtp://127.0.0.1:${port}`, fromAddress: 'no-reply@dsp.test' });
  });

  after(async () => {
    await provider.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers a rendered email with its subject and body, as plain text from the configured address', async () => {
    const message = renderTemplate(findTemplate('employer-user-invitation')!, {
      name: 'Ada Lovelace',
      organisation_name: 'Leeds Teaching Hospitals NHS Trust',
      link: 'http://localhost:3000/trusts/RR8/employer/set-password?token=a1b2=c3&x=y',
      expires_at: '1 March 2026',
    });
    const receipt = await provider.sendEmail({ notificationId: '5e0c1a52-6a8e-4b43-9c36-0f4f6a1f9a10', to: 'ada@nhs.net', subject: message.subject!, body: message.body });

    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.equal(mail.from, 'no-reply@dsp.test');
    assert.deepEqual(mail.to, ['ada@nhs.net']);
    const { headers, body } = parseMail(mail.raw);
    assert.equal(headers.get('subject'), 'Set up your Digital Staff Passport account for Leeds Teaching Hospitals NHS Trust');
    assert.match(headers.get('content-type') ?? '', /^text\/plain; charset=utf-8$/i);
    assert.equal(headers.get('x-dsp-notification-id'), '5e0c1a52-6a8e-4b43-9c36-0f4f6a1f9a10');
    assert.equal(body.trimEnd(), message.body);
    assert.equal(receipt.reference, headers.get('message-id'));
  });

  it('fails permanently when the server refuses the recipient, without quoting the address', async () => {
    rejectRecipients = true;
    try {
      await assert.rejects(provider.sendEmail({ notificationId: 'n', to: 'gone@nhs.net', subject: 's', body: 'b' }), (e: unknown) => {
        assert.ok(e instanceof DeliveryFailed);
        assert.equal(e.permanent, true);
        assert.doesNotMatch(e.message, /gone@nhs\.net/);
        assert.match(e.message, /^smtp: SMTP E[A-Z]+ \(reply 550\)$/);
        return true;
      });
    } finally {
      rejectRecipients = false;
    }
  });

  it('refuses SMS permanently: SMTP has no text messages', async () => {
    await assert.rejects(provider.sendSms({ notificationId: 'n', to: '+447700900123', body: 'b' }), (e: unknown) => e instanceof DeliveryFailed && e.permanent);
  });
});
