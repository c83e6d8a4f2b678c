import { Field, ID, InputType, Int } from 'type-graphql';
import type { ActivityStatus as AS, Perspective as P } from '../store/models';
import { ActivityStatus, Perspective } from './types';

@InputType()
export class SetVisionInput {
  @Field(() => String)
  text!: string;
}

@InputType()
export class CreateTermInput {
  @Field(() => Int, { description: 'The year after an election, e.g. 2023 or 2027.' })
  startYear!: number;
}

@InputType()
export class CreateGoalInput {
  @Field(() => ID)
  termId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Perspective)
  perspective!: P;

  @Field(() => ID, { description: 'The org unit that owns the goal.' })
  ownerId!: string;

  @Field(() => ID, { nullable: true, description: 'The goal it contributes to: same term, owned by the same unit or an ancestor.' })
  parentId?: string | null;
}

@InputType()
export class UpdateGoalInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Re-parents the goal (the cascade rules apply; never below itself).' })
  parentId?: string | null;
}

@InputType()
export class ArchiveGoalInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class CreateActivityInput {
  @Field(() => ID)
  goalId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => ID, { description: "The goal's owner or a unit below it." })
  ownerId!: string;

  @Field(() => String, { nullable: true })
  dueDate?: string | null;
}

@InputType()
export class UpdateActivityInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ActivityStatus, { nullable: true })
  status?: AS | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
