import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { MonthScalar } from '@performa/platform';
import type { AccountKind as Kind } from '../domain/summary';
import { AccountKind } from './types';

@InputType()
export class CreateAccountInput {
  @Field(() => String, { description: 'Letters, digits, _ and -; e.g. "4010".' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AccountKind)
  kind!: Kind;
}

@InputType()
export class BudgetLineInput {
  @Field(() => String)
  accountCode!: string;

  @Field(() => Float, { description: 'The year, SEK, at most two decimals.' })
  amount!: number;

  @Field(() => [Float], { nullable: true, description: '12 monthly amounts summing to amount; omitted: spread evenly.' })
  monthly?: number[] | null;
}

@InputType()
export class SetBudgetInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => [BudgetLineInput])
  lines!: BudgetLineInput[];
}

@InputType()
export class BudgetKeyInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  year!: number;
}

@InputType()
export class ActualEntryInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => String)
  accountCode!: string;

  @Field(() => String, { description: '"YYYY-MM"' })
  month!: string;

  @Field(() => Float)
  amount!: number;
}

@InputType()
export class PostActualsInput {
  @Field(() => ID, { description: 'Chosen by the sender; posting the same batch again counts once.' })
  batchId!: string;

  @Field(() => [ActualEntryInput], { description: 'At most 100 000.' })
  entries!: ActualEntryInput[];
}

@InputType()
export class SubmitForecastInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => MonthScalar, { description: 'The month the forecast is made in.' })
  month!: string;

  @Field(() => Float, { description: 'Forecast net cost for the whole year, SEK.' })
  yearEndAmount!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
