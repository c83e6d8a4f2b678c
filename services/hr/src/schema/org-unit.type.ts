import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MonthScalar, ORG_UNIT_KINDS, type OrgUnitKind as Kind } from '@performa/platform';

export const OrgUnitKind = Object.fromEntries(ORG_UNIT_KINDS.map((k) => [k, k])) as { [K in Kind]: K };
registerEnumType(OrgUnitKind, { name: 'OrgUnitKind', description: 'The municipality → boards and corporations → departments → units.' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A part of the organisation, from the municipality down to a unit.' })
export class OrgUnit {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrgUnitKind)
  kind!: Kind;

  @Field(() => String, { nullable: true, description: 'The date the unit closed ("YYYY-MM-DD"), if it has.' })
  closedOn!: string | null;

  parentId!: string | null;
  ancestors!: string[];
  managerId!: string | null;
  version!: number;
}

@ObjectType({ description: 'HR figures of a unit and its whole subtree for a month.' })
export class HrMetrics {
  @Field(() => MonthScalar)
  month!: string;

  @Field(() => Int, { description: 'Employees employed on the last day of the month.' })
  headcount!: number;

  @Field(() => Float, { description: 'Their full-time equivalents.' })
  fte!: number;

  @Field(() => Float, { description: 'Sick days weighted by extent and FTE / employed days weighted by FTE, in percent.' })
  sickLeaveRate!: number;

  @Field(() => Float, { description: 'Leavers in the 12 months to the month end / average month-end headcount, in percent.' })
  turnoverRate!: number;

  @Field(() => Float, { description: "Of the month-end headcount, those with a signed agreement for the month's year, in percent." })
  agreementCoverage!: number;
}
