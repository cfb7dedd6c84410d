// The OpenID4VCI 1.0 and DPoP error codes, as classes beside the protocol (STYLE.md rule 6).
// The generic OAuth ones (invalid_request, invalid_grant, invalid_client) are in
// src/platform/errors.ts. Statuses: the credential endpoint answers 400 for its own codes
// (OpenID4VCI 1.0 §8.3.1.2), token problems 401 with WWW-Authenticate (RFC 6750 §3.1, RFC 9449 §7.1).
import { ProtocolError } from '../../platform/errors.ts';

export class UnsupportedGrantType extends ProtocolError {
  constructor(description = 'Only the pre-authorized code grant is supported', detail?: string) {
    super('unsupported_grant_type', 400, description, detail);
  }
}

/** A missing, unknown or expired access token (RFC 6750 §3.1). */
export class InvalidToken extends ProtocolError {
  constructor(
    description: string,
    detail?: string,
    readonly scheme: 'Bearer' | 'DPoP' = 'Bearer',
  ) {
    super('invalid_token', 401, description, detail);
  }
}

/** RFC 9449 §5 (token endpoint, 400) and §7.1 (resource, 401). */
export class InvalidDpopProof extends ProtocolError {
  constructor(description: string, detail?: string, status: 400 | 401 = 400) {
    super('invalid_dpop_proof', status, description, detail);
  }
}

export class InvalidCredentialRequest extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('invalid_credential_request', 400, description, detail);
  }
}

export class UnknownCredentialConfiguration extends ProtocolError {
  constructor(description = 'The credential configuration is unknown', detail?: string) {
    super('unknown_credential_configuration', 400, description, detail);
  }
}

export class UnknownCredentialIdentifier extends ProtocolError {
  constructor(description = 'The credential identifier is unknown', detail?: string) {
    super('unknown_credential_identifier', 400, description, detail);
  }
}

export class InvalidProof extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('invalid_proof', 400, description, detail);
  }
}

export class InvalidNonce extends ProtocolError {
  constructor(description = 'The c_nonce is unknown, used or expired; fetch a new one', detail?: string) {
    super('invalid_nonce', 400, description, detail);
  }
}

export class InvalidEncryptionParameters extends ProtocolError {
  constructor(description = 'Credential response encryption is not supported', detail?: string) {
    super('invalid_encryption_parameters', 400, description, detail);
  }
}

export class CredentialRequestDenied extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('credential_request_denied', 400, description, detail);
  }
}

/** OpenID4VCI 1.0 §11.3. */
export class InvalidNotificationId extends ProtocolError {
  constructor(description = 'The notification_id is not valid', detail?: string) {
    super('invalid_notification_id', 400, description, detail);
  }
}

export class InvalidNotificationRequest extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('invalid_notification_request', 400, description, detail);
  }
}
