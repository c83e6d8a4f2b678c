import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MonthScalar } from '@performa/platform';
import type { Comparison as C, Direction as D, Light as L } from '../domain/lights';
import { SOURCES, type Source } from '../store/models';

export const Direction = { HIGHER_IS_BETTER: 'HIGHER_IS_BETTER', LOWER_IS_BETTER: 'LOWER_IS_BETTER' } as const;
registerEnumType(Direction, { name: 'Direction' });
export const IndicatorSource = Object.fromEntries(SOURCES.map((s) => [s, s])) as { [K in Source]: K };
registerEnumType(IndicatorSource, { name: 'IndicatorSource', description: 'MANUAL, or the hr or finance figure that feeds the indicator automatically.' });
export const Light = { GREEN: 'GREEN', YELLOW: 'YELLOW', RED: 'RED', NO_DATA: 'NO_DATA' } as const;
registerEnumType(Light, { name: 'Light' });
export const Comparison = { BETTER: 'BETTER', UNCHANGED: 'UNCHANGED', WORSE: 'WORSE' } as const;
registerEnumType(Comparison, { name: 'Comparison' });

@Directive('@key(fields: "id")')
@ObjectType()
export class OrgUnit {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Goal {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Something measured monthly against a target, with a traffic light.' })
export class Indicator {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  unitOfMeasure!: string | null;

  @Field(() => IndicatorSource)
  source!: Source;

  @Field(() => Direction)
  direction!: D;

  @Field(() => Float)
  target!: number;

  @Field(() => Float, { nullable: true })
  warningThreshold!: number | null;

  ownerId!: string;
  goalId!: string | null;
}

@ObjectType()
export class Measurement {
  @Field(() => MonthScalar)
  month!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Light)
  light!: L;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Comparison, { nullable: true, description: 'Against the same month last year, by direction.' })
  vsLastYear!: C | null;
}

@ObjectType()
export class ScorecardRow {
  @Field(() => Indicator)
  indicator!: Indicator;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Light)
  light!: L;

  @Field(() => Float, { nullable: true, description: "value − the previous month's value." })
  trend!: number | null;
}

@ObjectType({ description: "A unit's indicators for a month, for the workplace meeting." })
export class Scorecard {
  @Field(() => OrgUnit)
  unit!: OrgUnit;

  @Field(() => MonthScalar)
  month!: string;

  @Field(() => [ScorecardRow])
  rows!: ScorecardRow[];

  @Field(() => Int)
  green!: number;

  @Field(() => Int)
  yellow!: number;

  @Field(() => Int)
  red!: number;

  @Field(() => Int)
  noData!: number;

  @Field(() => String, { nullable: true })
  comment!: string | null;
}
