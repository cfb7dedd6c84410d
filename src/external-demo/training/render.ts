// Renders the training portal's pages: each page is `<folder>/page.njk` beside its route, on the
// portal's own layout (the academy's header and account menu, NHS.UK design system as the D2W
// standard recommends).
import type { FastifyReply } from 'fastify';
import { ACADEMY, BASE_PATH, paths } from './academy.ts';
import type { Account } from './state.ts';

export function homeOf(account: Pick<Account, 'role'>): string {
  return account.role === 'administrator' ? paths.admin : paths.records;
}

export function render(reply: FastifyReply, folder: string, pageTitle: string, context: { account?: Account } & Record<string, unknown> = {}, status = 200) {
  const { account } = context;
  return reply.page(
    `external-demo/training/${folder}/page.njk`,
    {
      ...context,
      pageTitle,
      academy: ACADEMY,
      serviceName: ACADEMY.serviceName,
      homeHref: account ? homeOf(account) : BASE_PATH,
      accountMenu: account
        ? { items: [{ text: `${account.firstName} ${account.lastName}`, icon: true }, { href: paths.signOut, text: 'Sign out' }] }
        : undefined,
    },
    status,
  );
}
