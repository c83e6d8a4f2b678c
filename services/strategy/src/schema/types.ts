import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ACTIVITY_STATUSES, GOAL_STATUSES, PERSPECTIVES, type ActivityStatus as AS, type GoalStatus as GS, type Perspective as P } from '../store/models';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Perspective = enumOf(PERSPECTIVES);
registerEnumType(Perspective, { name: 'Perspective', description: 'The balanced-scorecard perspective a goal serves.' });
export const GoalStatus = enumOf(GOAL_STATUSES);
registerEnumType(GoalStatus, { name: 'GoalStatus', description: "From the goal's indicators, reported by the scorecard." });
export const ActivityStatus = enumOf(ACTIVITY_STATUSES);
registerEnumType(ActivityStatus, { name: 'ActivityStatus' });

@ObjectType({ description: 'A four-year term of office.' })
export class Term {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  startYear!: number;

  @Field(() => Int)
  endYear!: number;
}

/** hr's org unit, as strategy refers to it and extends it with goals. */
@Directive('@key(fields: "id")')
@ObjectType()
export class OrgUnit {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A goal for the term, owned by a unit; cascades from the municipality down.' })
export class Goal {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Perspective)
  perspective!: P;

  @Field(() => GoalStatus)
  status!: GS;

  @Field(() => Boolean)
  archived!: boolean;

  termId!: string;
  ownerId!: string;
  parentId!: string | null;
}

@ObjectType({ description: "Something a unit does this year towards a goal." })
export class Activity {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true, description: '"YYYY-MM-DD"' })
  dueDate!: string | null;

  @Field(() => ActivityStatus)
  status!: AS;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  goalId!: string;
  ownerId!: string;
}
