import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay's PageInfo; shareable because every subgraph's connections return it. */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
