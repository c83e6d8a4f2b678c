import { Field, Float, ID, InputType } from 'type-graphql';
import { MonthScalar } from '@performa/platform';
import type { Direction as D } from '../domain/lights';
import type { Source } from '../store/models';
import { Direction, IndicatorSource } from './types';

@InputType()
export class CreateIndicatorInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  unitOfMeasure?: string | null;

  @Field(() => ID)
  ownerId!: string;

  @Field(() => ID, { nullable: true })
  goalId?: string | null;

  @Field(() => IndicatorSource)
  source!: Source;

  @Field(() => Direction)
  direction!: D;

  @Field(() => Float)
  target!: number;

  @Field(() => Float, { nullable: true })
  warningThreshold?: number | null;
}

@InputType()
export class RecordMeasurementInput {
  @Field(() => ID)
  indicatorId!: string;

  @Field(() => MonthScalar)
  month!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => String, { nullable: true, description: "Required when the value is RED: the manager's explanation." })
  comment?: string | null;
}

@InputType()
export class CommentScorecardInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => MonthScalar)
  month!: string;

  @Field(() => String)
  text!: string;
}
