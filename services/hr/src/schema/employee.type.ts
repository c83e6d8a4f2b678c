import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '@performa/platform';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person employed by the municipality. Personal data: see who may read it in the README.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float, { description: 'Full-time equivalent, above 0 and at most 1.' })
  fte!: number;

  @Field(() => String)
  startDate!: string;

  @Field(() => String, { nullable: true, description: 'The last day employed, once known.' })
  endDate!: string | null;

  unitId!: string;
}

@ObjectType()
export class EmployeeEdge {
  @Field(() => Employee)
  node!: Employee;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class EmployeeConnection {
  @Field(() => [EmployeeEdge])
  edges!: EmployeeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
