import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MonthScalar } from '@performa/platform';
import type { AccountKind as Kind } from '../domain/summary';

export const AccountKind = { COST: 'COST', REVENUE: 'REVENUE' } as const;
registerEnumType(AccountKind, { name: 'AccountKind' });

@ObjectType({ description: 'An account of the chart of accounts.' })
export class Account {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AccountKind)
  kind!: Kind;
}

@ObjectType({ description: 'One account of a FinancialSummary; SEK, net cost (revenues count negative).' })
export class AccountLine {
  @Field(() => Account)
  account!: Account;

  @Field(() => Float)
  budgetYear!: number;

  @Field(() => Float)
  budgetToDate!: number;

  @Field(() => Float)
  actualToDate!: number;

  @Field(() => Float)
  deviationToDate!: number;
}

@ObjectType({ description: 'A unit\'s finances rolled up over its subtree; net cost in SEK; "to date" = January through month.' })
export class FinancialSummary {
  @Field(() => Int)
  year!: number;

  @Field(() => MonthScalar)
  month!: string;

  @Field(() => Float)
  budgetYear!: number;

  @Field(() => Float)
  budgetToDate!: number;

  @Field(() => Float)
  actualToDate!: number;

  @Field(() => Float, { nullable: true, description: "The units' latest submitted forecasts of the year-end net cost, summed; null before any." })
  forecastYearEnd!: number | null;

  @Field(() => Float, { description: 'budgetToDate − actualToDate (positive = under budget).' })
  deviationToDate!: number;

  @Field(() => Float, { description: 'deviationToDate in percent of budgetToDate (0 without a budget).' })
  deviationPercent!: number;

  @Field(() => [AccountLine])
  byAccount!: AccountLine[];

  @Field(() => String, { nullable: true, description: "The unit's own budget status for the year: DRAFT, APPROVED, or null without one." })
  budgetStatus!: string | null;
}

@ObjectType()
export class PostActualsResult {
  @Field(() => ID)
  batchId!: string;

  @Field(() => Int)
  entryCount!: number;

  @Field(() => Boolean, { description: 'False when the same batch had been posted before: it counts once.' })
  applied!: boolean;

  @Field(() => [MonthScalar])
  months!: string[];
}

/** hr's org unit, extended with its finances. */
@Directive('@key(fields: "id")')
@ObjectType()
export class OrgUnit {
  @Field(() => ID)
  id!: string;
}
