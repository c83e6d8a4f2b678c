import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { BadUserInputError, assertText, requireUser } from '@performa/platform';
import { termProblem } from '../domain/cascade';
import type { StrategyContext } from './deps';
import { CreateTermInput, SetVisionInput } from './inputs';
import { Term } from './types';

const toTerm = (t: { _id: string; startYear: number; endYear: number }) => ({ id: t._id, startYear: t.startYear, endYear: t.endYear });

@Resolver()
export class VisionResolver {
  @Authorized()
  @Query(() => String, { nullable: true, description: "The municipality's vision." })
  vision(@Ctx() ctx: StrategyContext) {
    return ctx.deps.terms.vision();
  }

  @Authorized()
  @Query(() => [Term], { description: 'Terms of office, oldest first.' })
  async terms(@Ctx() ctx: StrategyContext) {
    return (await ctx.deps.terms.list()).map(toTerm);
  }

  @Authorized('POLITICIAN')
  @Mutation(() => String)
  setVision(@Arg('input', () => SetVisionInput) input: SetVisionInput, @Ctx() ctx: StrategyContext) {
    return ctx.deps.terms.setVision(assertText(input.text, 'text', 2_000), requireUser(ctx).sub);
  }

  @Authorized('POLITICIAN')
  @Mutation(() => Term)
  async createTerm(@Arg('input', () => CreateTermInput) input: CreateTermInput, @Ctx() ctx: StrategyContext) {
    const problem = termProblem(input.startYear);
    if (problem) throw new BadUserInputError(`The term can't start then: ${problem}.`, { field: 'startYear' });
    return toTerm(await ctx.deps.terms.create(input.startYear));
  }
}
