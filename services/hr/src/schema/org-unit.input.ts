import { Field, ID, InputType } from 'type-graphql';
import type { OrgUnitKind as Kind } from '@performa/platform';
import { OrgUnitKind } from './org-unit.type';

@InputType()
export class CreateOrgUnitInput {
  @Field(() => String, { description: 'A short unique code, e.g. "BUN-042".' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrgUnitKind)
  kind!: Kind;

  @Field(() => ID, { nullable: true, description: 'Omitted only for the municipality itself.' })
  parentId?: string | null;
}

@InputType()
export class RenameOrgUnitInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@InputType()
export class MoveOrgUnitInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  parentId!: string;
}

@InputType()
export class SetOrgUnitManagerInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  employeeId!: string;
}

@InputType()
export class CloseOrgUnitInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The closing date "YYYY-MM-DD".' })
  date!: string;
}
