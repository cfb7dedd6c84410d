// Every way receiving or presenting can fail, as a class with a stable `code` and a message a
// person understands: the CLI prints it and the web wallet shows it. Callers branch on the class
// or the code, never on the message. `detail` is for logs and carries no secrets (never a token,
// code, nonce or credential).

export abstract class WalletError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
  override get name(): string {
    return this.constructor.name;
  }
}

// --- Addresses and transport -------------------------------------------------------------------

export class InsecureUrl extends WalletError {
  readonly code = 'insecure_url';
  constructor(readonly url: string) {
    super(`The wallet will only talk to secure (https) addresses, and ${hostOf(url)} is not one.`);
  }
}

export class ServiceUnreachable extends WalletError {
  readonly code = 'service_unreachable';
  constructor(readonly url: string, detail?: string) {
    super(`Could not reach ${hostOf(url)}. Check your connection and try again.`, detail);
  }
}

export class UnexpectedAnswer extends WalletError {
  readonly code = 'unexpected_answer';
  constructor(readonly url: string, detail?: string) {
    super(`${hostOf(url)} answered with something the wallet does not understand.`, detail);
  }
}

// --- Receiving (OpenID4VCI) --------------------------------------------------------------------

export class InvalidOfferUri extends WalletError {
  readonly code = 'invalid_offer_uri';
  constructor(detail?: string) {
    super('This is not a credential offer the wallet can read. Scan the QR code or open the link again.', detail);
  }
}

export class OfferUnavailable extends WalletError {
  readonly code = 'offer_unavailable';
  constructor(readonly status: number) {
    super('This credential offer is no longer available: it may have been used already or have expired. Ask for a new one.', `HTTP ${status}`);
  }
}

export class OfferMetadataMismatch extends WalletError {
  readonly code = 'offer_metadata_mismatch';
  constructor(
    readonly offeredIssuer: string,
    readonly metadataIssuer: string,
  ) {
    super(`The offer says it comes from ${offeredIssuer}, but that address describes itself as ${metadataIssuer}. The wallet refused it: it may not be genuine.`);
  }
}

export class AuthorizationServerMismatch extends WalletError {
  readonly code = 'authorization_server_mismatch';
  constructor(readonly expected: string, readonly actual: string) {
    super(`The issuer's sign-in service describes itself as ${actual} instead of ${expected}. The wallet refused the offer: it may not be genuine.`);
  }
}

export class UnsupportedGrant extends WalletError {
  readonly code = 'unsupported_grant';
  constructor() {
    super('This offer needs you to sign in to the issuer first, which this wallet cannot do yet. Ask the issuer for an offer with a pre-authorised code.');
  }
}

export class UnsupportedCredentialConfiguration extends WalletError {
  readonly code = 'unsupported_credential_configuration';
  constructor(readonly configurationId: string, detail?: string) {
    super(`The offer includes a credential (${configurationId}) in a form this wallet cannot hold.`, detail);
  }
}

export class TxCodeRequired extends WalletError {
  readonly code = 'tx_code_required';
  constructor(readonly description?: string) {
    super(`This offer needs a transaction code${description ? ` (${description})` : ''}. Enter the code you were sent, for example by text message.`);
  }
}

export class TxCodeRejected extends WalletError {
  readonly code = 'tx_code_rejected';
  constructor() {
    super('The issuer did not accept the transaction code, or the offer has expired. Check the code you were sent and try again; after too many wrong codes the offer stops working and you need a new one.');
  }
}

/** An error answer from the issuer's token, nonce, credential or notification endpoint. */
export class IssuerError extends WalletError {
  readonly code = 'issuer_error';
  constructor(
    readonly issuerCode: string,
    readonly issuerDescription?: string,
  ) {
    super(issuerMessage(issuerCode, issuerDescription), issuerDescription);
  }
}

function issuerMessage(code: string, description?: string): string {
  switch (code) {
    case 'invalid_grant':
      return 'The issuer did not accept this offer: it has been used already or has expired. Ask for a new one.';
    case 'credential_request_denied':
      return 'The issuer refused to issue this credential to this wallet. Use the wallet that holds your earlier credentials, or ask the issuer.';
    case 'invalid_proof':
    case 'invalid_nonce':
      return 'The issuer did not accept the wallet\'s proof of its key. Try again.';
    default:
      return `The issuer refused the request (${code}${description ? `: ${description}` : ''}).`;
  }
}

export class DeferredIssuanceNotSupported extends WalletError {
  readonly code = 'deferred_issuance_not_supported';
  constructor() {
    super('The issuer will only issue this credential later, which this wallet cannot wait for yet.');
  }
}

export class CredentialSignatureInvalid extends WalletError {
  readonly code = 'credential_signature_invalid';
  constructor(readonly issuer: string, detail?: string) {
    super(`The credential from ${issuer} is not signed by a key its issuer lists, so it cannot be trusted. The wallet did not keep it.`, detail);
  }
}

export class CredentialInvalid extends WalletError {
  readonly code = 'credential_invalid';
  constructor(detail?: string) {
    super('The issuer sent a credential the wallet cannot read or check. The wallet did not keep it.', detail);
  }
}

export class CredentialNotBoundToWallet extends WalletError {
  readonly code = 'credential_not_bound_to_wallet';
  constructor() {
    super('The issuer sent a credential tied to a different key than this wallet\'s, so you could never use it. The wallet did not keep it.');
  }
}

// --- Presenting (OpenID4VP) --------------------------------------------------------------------

export class InvalidRequestUri extends WalletError {
  readonly code = 'invalid_request_uri';
  constructor(detail?: string) {
    super('This is not a request to share credentials that the wallet can read. Scan the QR code or open the link again.', detail);
  }
}

export class RequestUnavailable extends WalletError {
  readonly code = 'request_unavailable';
  constructor(readonly status: number) {
    super('This request to share credentials is no longer available: it may have been used already or have expired. Start again from the service that asked.', `HTTP ${status}`);
  }
}

export class InvalidRequest extends WalletError {
  readonly code = 'invalid_request';
  constructor(detail?: string) {
    super('The request to share credentials is malformed, so the wallet will not answer it.', detail);
  }
}

export class UnsupportedClientIdPrefix extends WalletError {
  readonly code = 'unsupported_client_id_prefix';
  constructor(readonly clientId: string) {
    super('The wallet cannot tell who is asking for your credentials (it does not support how this verifier identifies itself), so it will not share them.');
  }
}

export class UnsignedRequestWithDidClientId extends WalletError {
  readonly code = 'unsigned_request_with_did_client_id';
  constructor(readonly did: string) {
    super(`The request claims to come from ${did} but is not signed, so anyone could have made it. The wallet refused it.`);
  }
}

export class RequestKeyNotInDid extends WalletError {
  readonly code = 'request_key_not_in_did';
  constructor(readonly did: string, detail?: string) {
    super(`The request claims to come from ${did} but is signed with a key that ${did} does not list. The wallet refused it: it may be an impostor.`, detail);
  }
}

export class RequestSignatureInvalid extends WalletError {
  readonly code = 'request_signature_invalid';
  constructor(detail?: string) {
    super('The request\'s signature does not check out, so the wallet cannot tell who made it. The wallet refused it.', detail);
  }
}

export class SignedRequestWithRedirectUriClientId extends WalletError {
  readonly code = 'signed_request_with_redirect_uri_client_id';
  constructor() {
    super('The request names its verifier by a web address but is signed, which the rules do not allow. The wallet refused it.');
  }
}

export class RequestClientIdMismatch extends WalletError {
  readonly code = 'request_client_id_mismatch';
  constructor(detail?: string) {
    super('The request says it comes from one verifier in the link and another inside. The wallet refused it.', detail);
  }
}

export class WalletNonceMismatch extends WalletError {
  readonly code = 'wallet_nonce_mismatch';
  constructor() {
    super('The request is not the fresh answer the wallet asked for (it may be replayed). The wallet refused it.');
  }
}

export class NoMatchingCredential extends WalletError {
  readonly code = 'no_matching_credential';
  constructor(readonly queryIds: readonly string[], readonly wanted: readonly string[] = []) {
    super(`You do not have the credentials this request needs${wanted.length ? ` (${wanted.join(', ')})` : ''}. You can decline it.`);
  }
}

export class InvalidChoice extends WalletError {
  readonly code = 'invalid_choice';
  constructor(readonly queryId: string, detail?: string) {
    super(`That choice does not answer the request's question "${queryId}". Choose one of the credentials offered for it.`, detail);
  }
}

export class ChoiceRequired extends WalletError {
  readonly code = 'choice_required';
  constructor(readonly queryId: string, readonly candidateIds: readonly string[]) {
    super(`Several of your credentials could answer "${queryId}" (${candidateIds.join(', ')}). Choose which one to share.`);
  }
}

export class VerifierRejected extends WalletError {
  readonly code = 'verifier_rejected';
  constructor(readonly status: number, readonly verifierCode?: string, detail?: string) {
    super(`The verifier did not accept what the wallet shared${verifierCode ? ` (${verifierCode})` : ''}.`, detail);
  }
}

// --- The wallet itself -------------------------------------------------------------------------

export class CredentialNotFound extends WalletError {
  readonly code = 'credential_not_found';
  constructor(readonly id: string) {
    super(`There is no credential ${id} in this wallet.`);
  }
}

export class WalletNotInitialised extends WalletError {
  readonly code = 'wallet_not_initialised';
  constructor(readonly where: string) {
    super(`There is no wallet in ${where} yet. Create one with: dsp wallet init`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return 'that address';
  }
}
