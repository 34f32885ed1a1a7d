/**
 * Failures the caller can act on. Each names what was wrong; the Lambda layer maps the class to a status code
 * (shared/lambda/http-errors.ts) and shows the message, while anything else becomes a generic 500.
 */
export abstract class QuietlistError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that cannot be accepted: the message names the field or value and the reason. */
export class InvalidInputError extends QuietlistError {
  readonly code: string;
  constructor(message: string, details?: unknown, code = 'invalid_input') {
    super(message, details);
    this.code = code;
  }
}

/** A body or batch larger than the limits allow. */
export class PayloadTooLargeError extends QuietlistError {
  readonly code = 'payload_too_large';
}

/** A body in a media type the route does not take. */
export class UnsupportedMediaTypeError extends QuietlistError {
  readonly code = 'unsupported_media_type';
}

export class UnauthenticatedError extends QuietlistError {
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends QuietlistError {
  readonly code = 'forbidden';
}

export class NotFoundError extends QuietlistError {
  readonly code = 'not_found';
}

/** A dependency could not answer (DynamoDB unreachable, keys unprocessed): the caller may retry. */
export class UnavailableError extends QuietlistError {
  readonly code = 'unavailable';
}

/** The request contradicts what another holds (an SMS number another workspace claimed): 409. */
export class ConflictError extends QuietlistError {
  readonly code = 'conflict';
}
