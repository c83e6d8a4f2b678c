import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  assertId,
  assertText,
  decodeCursor,
  encodeCursor,
  hasRole,
  isInScope,
  pageSize,
  requireUser,
  unitPath,
} from '@performa/platform';
import type { AgreementRecord } from '../store/models';
import { canReadEmployee } from './access';
import { origin, type HrContext } from './deps';
import { Agreement, DraftAgreementInput, Goal, GoalContributionConnection, SignAgreementInput } from './agreement.type';
import { toEmployee } from './employee.resolver';
import { Employee } from './employee.type';
import { loaders } from './loaders';
import { requireOrgUnit } from './org-unit.resolver';

export const toAgreement = (a: AgreementRecord): Agreement => ({
  id: a._id,
  year: a.year,
  status: a.status,
  needsReview: a.needsReview,
  employeeId: a.employeeId,
  contributions: a.contributions.map((c) => ({ goal: { id: c.goalId }, description: c.description })),
});

@ArgsType()
class ContributionsArgs {
  @Field(() => Int, { nullable: true })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}

@Resolver(() => Employee)
export class EmployeeAgreementResolver {
  @Authorized()
  @FieldResolver(() => Agreement, { nullable: true, description: 'The agreement for the year, if drafted.' })
  async agreement(@Root() employee: Employee, @Arg('year', () => Int) year: number, @Ctx() ctx: HrContext) {
    const unit = await loaders(ctx).orgUnit.load(employee.unitId);
    if (!canReadEmployee(requireUser(ctx), employee.id, unit)) throw new ForbiddenError("You may not read this employee's agreement.");
    const found = await ctx.deps.agreements.get(`${employee.id}_${year}`);
    return found ? toAgreement(found) : null;
  }
}

@Resolver(() => Goal)
export class GoalContributionsResolver {
  @Authorized()
  @FieldResolver(() => Int, { description: 'How many employees cite the goal in an agreement.' })
  async contributorCount(@Root() goal: Goal, @Ctx() ctx: HrContext) {
    return new Set((await ctx.deps.agreements.citing(goal.id)).map((a) => a.employeeId)).size;
  }

  @Authorized('MANAGER', 'HR')
  @FieldResolver(() => GoalContributionConnection, { description: "The employees' contributions you may see: those of units in your scope." })
  async contributions(@Root() goal: Goal, @Args(() => ContributionsArgs) args: ContributionsArgs, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    const limit = pageSize(args.first);
    const offset = decodeCursor(args.after);
    const citing = await ctx.deps.agreements.citing(goal.id);
    const units = await loaders(ctx).orgUnit.loadMany([...new Set(citing.map((a) => a.unitId))]);
    const visibleUnits = new Set(units.filter((u) => u && !(u instanceof Error) && (hasRole(user, 'ADMIN') || isInScope(user, unitPath(u)))).map((u) => (u as { id: string }).id));
    const visible = citing.filter((a) => visibleUnits.has(a.unitId));
    const page = visible.slice(offset, offset + limit);
    const employees = await loaders(ctx).employee.loadMany(page.map((a) => a.employeeId));
    return {
      edges: page.map((a, i) => ({
        node: { employee: toEmployee(employees[i] as never), year: a.year, status: a.status, description: a.contributions.find((c) => c.goalId === goal.id)?.description ?? '' },
        cursor: encodeCursor(offset + i),
      })),
      pageInfo: { hasNextPage: offset + page.length < visible.length, endCursor: page.length ? encodeCursor(offset + page.length - 1) : null },
      totalCount: visible.length,
    };
  }
}

@Resolver(() => Agreement)
export class AgreementResolver {
  @Authorized()
  @FieldResolver(() => Employee)
  async employee(@Root() agreement: Agreement, @Ctx() ctx: HrContext) {
    const found = await loaders(ctx).employee.load(agreement.employeeId);
    return found ? toEmployee(found) : null;
  }

  @Authorized()
  @Mutation(() => Agreement, { description: "Drafts the year's agreement, or replaces an unsigned draft." })
  async draftAgreement(@Arg('input', () => DraftAgreementInput) input: DraftAgreementInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    assertId(input.employeeId, 'employeeId');
    const employee = await loaders(ctx).employee.load(input.employeeId);
    if (!employee) throw new NotFoundError('Employee', input.employeeId);
    const unit = await requireOrgUnit(ctx, employee.unitId, 'employeeId');
    const mayDraft = user.sub === employee._id || hasRole(user, 'ADMIN') || (hasRole(user, 'MANAGER', 'HR') && isInScope(user, unitPath(unit)));
    if (!mayDraft) throw new ForbiddenError("Only the employee, or a manager or HR responsible for the employee's unit, may draft the agreement.");
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2200) throw new BadUserInputError('year must be between 2000 and 2200.', { field: 'year' });
    if (input.contributions.length === 0 || input.contributions.length > 20) throw new BadUserInputError('An agreement has 1 to 20 contributions.', { field: 'contributions' });
    const lineOfSight = unitPath(unit);
    const contributions = [];
    for (const [i, c] of input.contributions.entries()) {
      assertId(c.goalId, `contributions[${i}].goalId`);
      const goal = await ctx.deps.models.Goal.findById(c.goalId).lean();
      if (!goal) throw new BadUserInputError(`Goal ${c.goalId} does not exist.`, { field: `contributions[${i}].goalId` });
      if (goal.archived) throw new BadUserInputError(`The goal "${goal.title}" is archived and can't be cited.`, { field: `contributions[${i}].goalId` });
      if (!lineOfSight.includes(goal.ownerId)) {
        throw new BadUserInputError(`The goal "${goal.title}" belongs to another part of the organisation: an agreement cites goals of the employee's unit or the units above it.`, { field: `contributions[${i}].goalId`, goalId: goal._id });
      }
      contributions.push({ goalId: goal._id, description: assertText(c.description, `contributions[${i}].description`, 2_000) });
    }
    const drafted = await ctx.deps.agreements.draft({ employeeId: employee._id, unitId: unit.id, year: input.year, contributions }, origin(ctx));
    ctx.deps.relay().nudge();
    return toAgreement(drafted);
  }

  @Authorized()
  @Mutation(() => Agreement, { description: 'The employee signs first (as themself), then a manager whose scope covers the unit.' })
  async signAgreement(@Arg('input', () => SignAgreementInput) input: SignAgreementInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    assertId(input.id, 'id');
    const agreement = await ctx.deps.agreements.get(input.id);
    if (!agreement) throw new NotFoundError('Agreement', input.id);
    let signed: AgreementRecord;
    if (agreement.status === 'DRAFT') {
      if (user.sub !== agreement.employeeId) throw new ForbiddenError('Only the employee signs first, and only their own agreement.');
      signed = await ctx.deps.agreements.sign(agreement, 'SIGNED_BY_EMPLOYEE', user.sub, origin(ctx));
    } else if (agreement.status === 'SIGNED_BY_EMPLOYEE') {
      const unit = await requireOrgUnit(ctx, agreement.unitId, 'id');
      if (user.sub === agreement.employeeId) throw new ForbiddenError('A manager signs second; the employee has signed already.');
      if (!(hasRole(user, 'ADMIN') || (hasRole(user, 'MANAGER') && isInScope(user, unitPath(unit))))) throw new ForbiddenError(`Only a manager responsible for ${unit.name} may sign this agreement.`);
      signed = await ctx.deps.agreements.sign(agreement, 'SIGNED', user.sub, origin(ctx));
    } else {
      throw new ConflictError('The agreement is already signed by both.');
    }
    ctx.deps.relay().nudge();
    return toAgreement(signed);
  }
}
