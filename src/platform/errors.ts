// Errors that reach a client. Protocol errors are classes named after the OAuth / OpenID
// error code (RFC 6749 §5.2, OpenID4VCI 1.0 §8.3.1, OpenID4VP 1.0 §8.5), carrying a public
// description and a private detail that is logged, never sent (STYLE.md rules 6–7).
// One serialiser per surface turns them into a response: JSON for protocols, NHS.UK pages
// for portals. Anything unexpected becomes `server_error` with a fixed message.

export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly description: string,
    /** Logged only. */
    readonly detail?: string,
  ) {
    super(`${code}: ${description}`);
    this.name = new.target.name;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

export class InvalidRequest extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('invalid_request', 400, description, detail);
  }
}

export class InvalidClient extends ProtocolError {
  constructor(description = 'Client authentication failed', detail?: string) {
    super('invalid_client', 401, description, detail);
  }
}

export class InvalidGrant extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('invalid_grant', 400, description, detail);
  }
}

export class UnauthorizedClient extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('unauthorized_client', 400, description, detail);
  }
}

export class AccessDenied extends ProtocolError {
  constructor(description: string, detail?: string) {
    super('access_denied', 403, description, detail);
  }
}

export class NotFoundError extends ProtocolError {
  constructor(description = 'Not found') {
    super('not_found', 404, description);
  }
}

export class PayloadTooLarge extends ProtocolError {
  constructor() {
    super('invalid_request', 413, 'Request body is too large');
  }
}

export class ServerError extends ProtocolError {
  constructor(detail?: string) {
    super('server_error', 500, 'An unexpected error occurred', detail);
  }
}

/** Input from a person that a form must answer with an error summary (400). */
export interface FieldError {
  field: string;
  message: string;
}
