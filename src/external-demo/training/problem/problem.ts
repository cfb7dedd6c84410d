// The portal's friendly pages for what can go wrong: a refusal or error from the gateway
// (`access_denied` when the person declined or their wallet could not answer, others when the
// gateway refused the request), the gateway being unreachable or the portal not onboarded, a
// callback nobody is waiting for, and pages of the other role. Nothing technical is shown; the
// gateway's error code is logged by the caller.
import type { FastifyReply } from 'fastify';
import { paths } from '../academy.ts';
import { render } from '../render.ts';
import type { Account } from '../state.ts';

interface Problem {
  status: number;
  title: string;
  paragraphs: string[];
  links: { href: string; text: string }[];
}

const back = { href: paths.records, text: 'Go back to your training records' };

const PROBLEMS = {
  'not-found': {
    status: 404,
    title: 'Page not found',
    paragraphs: ['If you typed the web address, check it was correct. If you selected a link, the record may no longer be yours to see.'],
    links: [back],
  },
  forbidden: { status: 403, title: 'You cannot see this page', paragraphs: ['This page is for another kind of account.'], links: [] },
  expired: {
    status: 400,
    title: 'This page has expired',
    paragraphs: ['We were not expecting to hear back from the Digital Staff Passport. This can happen if you used the browser’s back button, or waited a long time.', 'Nothing was changed. Start again from your training records.'],
    links: [back],
  },
  'identity-declined': {
    status: 200,
    title: 'Your identity was not checked',
    paragraphs: ['Your wallet did not share your NHS identity credential. You may have declined, the QR code may have expired, or your wallet may not have an identity credential that is still valid.', 'You need to check your identity before you can download your training records.'],
    links: [{ href: paths.checkIdentity, text: 'Try again' }, back],
  },
  'download-declined': {
    status: 200,
    title: 'Your training record was not downloaded',
    paragraphs: ['Your wallet did not accept the training record. You may have declined, the QR code may have expired, or you may have used a wallet other than the one with your identity credential.', 'Nothing was added to your wallet.'],
    links: [back],
  },
  'gateway-refused': {
    status: 502,
    title: 'Sorry, the Digital Staff Passport could not accept this',
    paragraphs: ['The Digital Staff Passport did not accept our request. Nothing was added to your wallet.', 'Try again later. If it keeps happening, contact the academy.'],
    links: [back],
  },
  'gateway-unavailable': {
    status: 503,
    title: 'Sorry, we cannot connect to the Digital Staff Passport at the moment',
    paragraphs: ['Try again later. Your training records have not changed.'],
    links: [back],
  },
  'not-onboarded': {
    status: 503,
    title: 'The learning portal is not connected to the Digital Staff Passport',
    paragraphs: [
      'The academy is not registered with this Digital Staff Passport gateway, so records cannot be downloaded yet.',
      'In the demo, add the demo world (it includes the academy, ODS code XTP01) with the command npx dsp demo, then try again.',
    ],
    links: [back],
  },
  'wrong-person': {
    status: 502,
    title: 'Sorry, there is a problem with the download',
    paragraphs: ['The Digital Staff Passport answered for a different person than the one whose identity you checked. We have not recorded the download.', 'Sign out, sign in again and check your identity.'],
    links: [back],
  },
  'revocation-not-found': {
    status: 404,
    title: 'The Digital Staff Passport has no record of this credential',
    paragraphs: ['The gateway does not know a credential with this serial number issued by the academy, so it was not revoked. Its database may have been reset since the record was downloaded.'],
    links: [{ href: paths.admin, text: 'Go back to downloaded records' }],
  },
} as const satisfies Record<string, Problem>;

export type ProblemKind = keyof typeof PROBLEMS;

export function renderProblem(reply: FastifyReply, kind: ProblemKind, context: { account?: Account } = {}) {
  const problem: Problem = PROBLEMS[kind];
  const links = context.account?.role === 'administrator' && kind !== 'revocation-not-found' ? [{ href: paths.admin, text: 'Go back to downloaded records' }] : problem.links;
  return render(reply, 'problem', problem.title, { ...context, problem: { ...problem, links } }, problem.status);
}
