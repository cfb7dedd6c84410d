// /dev/outbox: every email and text message this Open DSP has recorded, newest first, with
// their links clickable, so a newcomer can follow an invitation or read a code without a
// mail server. Outside production only: it shows recipients and message bodies.
// The "send a test message" form lets an operator check email delivery end to end.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../../platform/http/forms.ts';
import type { Database } from '../../../store/database.ts';
import { listOutbox, type Notifier } from '../../../integrations/notify/index.ts';

export interface OutboxPageDeps {
  database: Database;
  notifier: Notifier;
}

const zQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
const zTestMessage = z.object({
  to: z.string().trim().pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.nhs.uk' })),
});

export function registerOutboxPage(app: FastifyInstance, deps: OutboxPageDeps): void {
  const render = async (page: number, extra: Record<string, unknown> = {}) => {
    const outbox = await listOutbox(deps.database.db, { page, pageSize: 25 });
    return {
      pageTitle: 'Outbox',
      messages: outbox.messages.map((m) => ({ ...m, bodyParts: linkify(m.body, m.links) })),
      page: outbox.page,
      hasMore: outbox.hasMore,
      values: {},
      ...extra,
    };
  };

  app.get('/dev/outbox', { config: { surface: 'page' } }, async (request, reply) => {
    const query = zQuery.safeParse(request.query);
    const page = query.success ? query.data.page : 1;
    return reply.page('portals/dev/outbox/page.njk', await render(page, { sent: (request.query as Record<string, unknown>).sent === '1' }));
  });

  app.post('/dev/outbox/test-message', { config: { surface: 'page' } }, async (request, reply) => {
    const form = parseForm(zTestMessage, request.body);
    if (!form.ok) return reply.page('portals/dev/outbox/page.njk', await render(1, { errors: form.errors, values: form.values }), 400);
    await deps.database.transaction((tx) =>
      deps.notifier.send(tx, { organisationId: null, to: form.value.to, template: 'test-message', personalisation: { organisation_name: 'Open DSP' } }),
    );
    return reply.redirect('/dev/outbox?sent=1', 303);
  });
}

/** Splits a body into text and link parts so the template can escape text and make links clickable. */
function linkify(body: string, links: readonly string[]): { text?: string; href?: string }[] {
  const parts: { text?: string; href?: string }[] = [];
  let rest = body;
  for (const link of links) {
    const at = rest.indexOf(link);
    if (at < 0) continue;
    if (at > 0) parts.push({ text: rest.slice(0, at) });
    parts.push({ href: link });
    rest = rest.slice(at + link.length);
  }
  if (rest) parts.push({ text: rest });
  return parts;
}
