import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

function parseMonth(value: unknown): string {
  if (!isMonth(value)) {
    throw new GraphQLError(`Month must be "YYYY-MM" with a month from 01 to 12, not ${JSON.stringify(value)}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

/** `"YYYY-MM"`: a calendar month, as API.md's `Month`. */
export const MonthScalar = new GraphQLScalarType({
  name: 'Month',
  description: 'A calendar month, "YYYY-MM".',
  serialize: (value) => parseMonth(value),
  parseValue: (value) => parseMonth(value),
  parseLiteral: (ast) => parseMonth(ast.kind === Kind.STRING ? ast.value : undefined),
});
