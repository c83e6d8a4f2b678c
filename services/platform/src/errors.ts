import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable codes clients may branch on (DESIGN.md, Security). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export class DomainError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'BAD_USER_INPUT', details);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first: this needs a valid bearer token.') {
    super(message, 'UNAUTHENTICATED');
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(message, 'FORBIDDEN');
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(`${what} ${id} does not exist.`, 'NOT_FOUND', { id });
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'CONFLICT', details);
  }
}

// codes that Apollo itself or graphql-js give to a client's mistake, passed on as they are
const clientCodes = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** Whether an error is the client's mistake (passed on) rather than ours (masked and logged). */
export function isClientError(error: unknown): boolean {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) return true;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' && clientCodes.has(code);
}

/**
 * Apollo's formatError: a client's mistake keeps its message and code; anything else becomes
 * INTERNAL_SERVER_ERROR with a generic message. The details are logged by the request's own
 * logger (see logUnexpectedErrors), so the log line carries the request id.
 */
export function createErrorFormatter() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (typeof code === 'string' && clientCodes.has(code)) {
      // type-graphql wraps class-validator failures; a domain error thrown inside keeps its code
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: stripStack(formatted.extensions) };
    }
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, extensions: stripStack(original.extensions) };
    }
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function stripStack(extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!extensions) return extensions;
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = extensions;
  return rest;
}
