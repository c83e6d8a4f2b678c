import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@performa/platform';
import type { AgreementStatus as Status } from '../store/models';
import { Employee } from './employee.type';

export const AgreementStatus = { DRAFT: 'DRAFT', SIGNED_BY_EMPLOYEE: 'SIGNED_BY_EMPLOYEE', SIGNED: 'SIGNED' } as const;
registerEnumType(AgreementStatus, { name: 'AgreementStatus', description: 'The employee signs first, then a manager.' });

/** strategy's goal, as hr refers to it and extends it with the employees' contributions. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Goal {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "An employee's contribution to a goal." })
export class Contribution {
  @Field(() => Goal)
  goal!: Goal;

  @Field(() => String)
  description!: string;
}

@ObjectType({ description: "The yearly agreement that ties an employee's work to the goals." })
export class Agreement {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => AgreementStatus)
  status!: Status;

  @Field(() => [Contribution])
  contributions!: Contribution[];

  @Field(() => Boolean, { description: 'A cited goal was archived since: the agreement should be reviewed.' })
  needsReview!: boolean;

  employeeId!: string;
}

@ObjectType()
export class GoalContribution {
  @Field(() => Employee)
  employee!: Employee;

  @Field(() => Int)
  year!: number;

  @Field(() => AgreementStatus)
  status!: Status;

  @Field(() => String)
  description!: string;
}

@ObjectType()
export class GoalContributionEdge {
  @Field(() => GoalContribution)
  node!: GoalContribution;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class GoalContributionConnection {
  @Field(() => [GoalContributionEdge])
  edges!: GoalContributionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType()
export class ContributionInput {
  @Field(() => ID)
  goalId!: string;

  @Field(() => String)
  description!: string;
}

@InputType()
export class DraftAgreementInput {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => [ContributionInput])
  contributions!: ContributionInput[];
}

@InputType()
export class SignAgreementInput {
  @Field(() => ID)
  id!: string;
}
