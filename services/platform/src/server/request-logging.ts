import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { isClientError } from '../errors';

/**
 * Logs each operation's outcome and every unexpected error with the request's own logger, so each
 * line carries the request id; a client's mistake is logged at debug level, ours at error.
 */
export function requestLogging<C extends { logger: Logger }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const started = Date.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
            if (isClientError(error)) contextValue.logger.debug({ code: error.extensions?.code, operationName, path: error.path }, error.message);
            else contextValue.logger.error({ err: original, operationName, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse({ operationName }) {
          contextValue.logger.info({ operationName, ms: Date.now() - started }, 'graphql request');
        },
      };
    },
  };
}
