// What the wallet-session page says for each way a session can end without success. Plain
// English, NHS.UK style: what happened and what to do next (DOMAIN.md S6 step 2 for a
// credential the wallet does not hold).
export interface FailureMessage {
  heading: string;
  body: string[];
}

const messages: Record<string, FailureMessage> = {
  expired: {
    heading: 'The QR code has expired',
    body: ['For your security, QR codes only work for a few minutes.', 'Start again to get a new one.'],
  },
  declined: {
    heading: 'Your wallet did not share or accept anything',
    body: [
      'Your wallet said no, so nothing was shared and nothing was added. Wallets also say no when they do not hold a credential you chose.',
      'If you chose a credential your wallet does not have, go back and untick it. Otherwise, start again.',
    ],
  },
  credential_missing: {
    heading: 'Your wallet does not have a credential you chose',
    body: [
      'Your wallet said it does not hold one of the credentials you chose, so nothing was shared.',
      'Go back, untick the credential your wallet does not have, and share the rest.',
    ],
  },
  verification_failed: {
    heading: 'We could not accept what your wallet sent',
    body: [
      'A credential could not be checked: it may have been revoked, have expired, or come from an organisation we do not recognise.',
      'Nothing was shared. Contact the organisation that gave you the credential if you think this is wrong.',
    ],
  },
  credential_revoked: {
    heading: 'A credential you shared has been revoked',
    body: [
      'The organisation that gave you the credential has revoked it, so it can no longer be used. Nothing was shared.',
      'Delete it from your wallet, and ask that organisation for a new one if you still need it.',
    ],
  },
  credential_suspended: {
    heading: 'A credential you shared is suspended',
    body: ['The organisation that gave you the credential has suspended it for now, so it cannot be used. Nothing was shared.', 'Contact that organisation to find out why.'],
  },
  wrong_wallet: {
    heading: 'This credential is for a different wallet',
    body: ['The credential can only be added to the wallet you used before with this organisation.', 'Open the wallet that holds your access key and start again.'],
  },
};

const fallback: FailureMessage = {
  heading: 'Sorry, something went wrong',
  body: ['Nothing was shared or added.', 'Start again. If it keeps happening, contact your employer.'],
};

/**
 * What some journeys say instead, by the wallet session's purpose: signing in to the employee
 * portal with the access key (S3) names the key and who issues a new one (E13).
 */
const byPurpose: Record<string, Record<string, FailureMessage>> = {
  // S6: a share started by a signed-in person is answered only by their own credentials.
  'employee-share': {
    wrong_wallet: {
      heading: 'The credentials shared are not yours',
      body: [
        'The wallet that answered holds credentials about someone else, so nothing was shared.',
        'Scan the QR code with your own wallet, the one that holds your access key for this organisation.',
      ],
    },
  },
  'employee-sign-in': {
    credential_revoked: {
      heading: 'Your access key has been revoked',
      body: [
        'You cannot sign in with this access key any more. Delete it from your wallet.',
        'Ask HR at your organisation to send you a new access key. You will get an email with a link to collect it.',
      ],
    },
    credential_suspended: {
      heading: 'Your access key is suspended',
      body: ['You cannot sign in with this access key while it is suspended.', 'Contact HR at your organisation to find out why.'],
    },
  },
};

export function failureMessage(code: string | null, state: string, purpose?: string): FailureMessage {
  if (state === 'expired') return messages.expired!;
  return (code && purpose && byPurpose[purpose]?.[code]) || (code && messages[code]) || fallback;
}
