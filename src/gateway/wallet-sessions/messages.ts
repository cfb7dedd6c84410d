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
  wrong_wallet: {
    heading: 'This credential is for a different wallet',
    body: ['The credential can only be added to the wallet you used before with this organisation.', 'Open the wallet that holds your access key and start again.'],
  },
};

const fallback: FailureMessage = {
  heading: 'Sorry, something went wrong',
  body: ['Nothing was shared or added.', 'Start again. If it keeps happening, contact your employer.'],
};

export function failureMessage(code: string | null, state: string): FailureMessage {
  if (state === 'expired') return messages.expired!;
  return (code && messages[code]) || fallback;
}
