import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType()
export class HireEmployeeInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => Float, { description: 'Above 0 and at most 1.' })
  fte!: number;

  @Field(() => String, { description: '"YYYY-MM-DD"' })
  startDate!: string;
}

@InputType()
export class TransferEmployeeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => String, { description: 'The first day in the new unit.' })
  date!: string;
}

@InputType()
export class TerminateEmployeeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The last day employed.' })
  endDate!: string;
}

@InputType()
export class ReportSickLeaveInput {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => Int, { description: '25, 50, 75 or 100: the share of the working day lost.' })
  percent!: number;
}
