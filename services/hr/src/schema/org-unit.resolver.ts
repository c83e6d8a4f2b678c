import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  assertDate,
  assertId,
  assertText,
  BadUserInputError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  ForbiddenError,
  hasRole,
  isInScope,
  isMonth,
  MonthScalar,
  NotFoundError,
  pageSize,
  requireKnownUnit,
  requireUser,
  type OrgUnitKind as Kind,
  type OrgUnitSnapshot,
} from '@performa/platform';
import { createsCycle, placementProblem } from '../domain/org-rules';
import { canReadAggregates, canReadEmployee, requireUnitAccess, unitPath } from './access';
import { origin, today, type HrContext } from './deps';
import { toEmployee } from './employee.resolver';
import { Employee, EmployeeConnection } from './employee.type';
import { loaders } from './loaders';
import { CloseOrgUnitInput, CreateOrgUnitInput, MoveOrgUnitInput, RenameOrgUnitInput, SetOrgUnitManagerInput } from './org-unit.input';
import { HrMetrics, OrgUnit, OrgUnitKind } from './org-unit.type';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export function requireOrgUnit(ctx: HrContext, id: string, field = 'id'): Promise<OrgUnitSnapshot> {
  return requireKnownUnit(loaders(ctx).orgUnit, id, field);
}

export function requireOpen(unit: OrgUnitSnapshot, on: string): void {
  if (unit.closedOn && unit.closedOn <= on) throw new ConflictError(`${unit.name} (${unit.code}) closed on ${unit.closedOn}.`, { id: unit.id });
}

@ArgsType()
class EmployeesArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 500 (default 50).' })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => Boolean, { nullable: true, description: 'Include the staff of every unit below this one.' })
  includeDescendants?: boolean;
}

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Authorized()
  @Query(() => OrgUnit, { nullable: true })
  async orgUnit(@Arg('id', () => ID) id: string, @Ctx() ctx: HrContext): Promise<OrgUnitSnapshot | null> {
    assertId(id, 'id');
    return loaders(ctx).orgUnit.load(id);
  }

  @Authorized()
  @Query(() => [OrgUnit], { description: 'Units filtered by parent and kind, ordered by code.' })
  async orgUnits(
    @Ctx() ctx: HrContext,
    @Arg('parentId', () => ID, { nullable: true }) parentId?: string,
    @Arg('kind', () => OrgUnitKind, { nullable: true }) kind?: Kind,
  ): Promise<OrgUnitSnapshot[]> {
    if (parentId != null) assertId(parentId, 'parentId');
    return ctx.deps.orgUnits.list({ parentId: parentId ?? undefined, kind: kind ?? undefined });
  }

  @Authorized()
  @FieldResolver(() => OrgUnit, { nullable: true })
  parent(@Root() unit: OrgUnitSnapshot, @Ctx() ctx: HrContext) {
    return unit.parentId ? loaders(ctx).orgUnit.load(unit.parentId) : null;
  }

  @Authorized()
  @FieldResolver(() => [OrgUnit])
  children(@Root() unit: OrgUnitSnapshot, @Ctx() ctx: HrContext) {
    return ctx.deps.orgUnits.directory.children(unit.id);
  }

  @Authorized()
  @FieldResolver(() => [OrgUnit], { description: 'From the municipality down to the parent.' })
  async ancestors(@Root() unit: OrgUnitSnapshot, @Ctx() ctx: HrContext) {
    const found = await loaders(ctx).orgUnit.loadMany(unit.ancestors);
    return found.filter((u): u is OrgUnitSnapshot => !!u && !(u instanceof Error));
  }

  @Authorized()
  @FieldResolver(() => Employee, { nullable: true })
  async manager(@Root() unit: OrgUnitSnapshot, @Ctx() ctx: HrContext) {
    if (!unit.managerId) return null;
    const user = requireUser(ctx);
    if (!canReadEmployee(user, unit.managerId, unit)) throw new ForbiddenError("You may not read this unit's manager's personal data.");
    const manager = await loaders(ctx).employee.load(unit.managerId);
    return manager ? toEmployee(manager) : null;
  }

  @Authorized()
  @FieldResolver(() => EmployeeConnection, { description: 'Current staff, by last name.' })
  async employees(@Root() unit: OrgUnitSnapshot, @Args(() => EmployeesArgs) args: EmployeesArgs, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    if (!(hasRole(user, 'ADMIN') || (hasRole(user, 'HR', 'MANAGER') && isInScope(user, unitPath(unit))))) {
      throw new ForbiddenError(`Only ADMIN, and HR or managers responsible for ${unit.name}, may list its staff.`);
    }
    const limit = pageSize(args.first);
    const offset = decodeCursor(args.after);
    const unitIds = args.includeDescendants ? await ctx.deps.orgUnits.directory.subtreeIds(unit.id) : [unit.id];
    const { items, total } = await ctx.deps.employees.currentStaff(unitIds, today(ctx), offset, limit);
    return {
      edges: items.map((node, i) => ({ node: { ...node, id: node._id }, cursor: encodeCursor(offset + i) })),
      pageInfo: { hasNextPage: offset + items.length < total, endCursor: items.length ? encodeCursor(offset + items.length - 1) : null },
      totalCount: total,
    };
  }

  @Authorized()
  @FieldResolver(() => HrMetrics, { description: 'Rolled up over the whole subtree.' })
  async hrMetrics(@Root() unit: OrgUnitSnapshot, @Arg('month', () => MonthScalar) month: string, @Ctx() ctx: HrContext) {
    if (!isMonth(month)) throw new BadUserInputError('month must be "YYYY-MM".', { field: 'month' });
    if (!canReadAggregates(requireUser(ctx), unit)) throw new ForbiddenError(`${unit.name} is outside your part of the organisation.`);
    return ctx.deps.metrics.compute(unit.id, month);
  }

  @Authorized('HR')
  @Mutation(() => OrgUnit)
  async createOrgUnit(@Arg('input', () => CreateOrgUnitInput) input: CreateOrgUnitInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    const code = assertText(input.code, 'code', 32);
    if (!CODE.test(code)) throw new BadUserInputError('code may hold letters, digits, _ and - (at most 32).', { field: 'code' });
    const name = assertText(input.name, 'name');
    let parent: OrgUnitSnapshot | null = null;
    if (input.parentId != null) {
      parent = await requireOrgUnit(ctx, input.parentId, 'parentId');
      requireOpen(parent, today(ctx));
      requireUnitAccess(user, parent, ['HR'], 'create org units');
    } else if (!hasRole(user, 'ADMIN')) {
      throw new ForbiddenError('Only ADMIN may create the municipality at the root.');
    }
    const problem = placementProblem(input.kind, parent?.kind ?? null);
    if (problem) throw new BadUserInputError(`The unit can't go there: ${problem}.`, { field: 'parentId' });
    const unit = await ctx.deps.orgUnits.create({ code, name, kind: input.kind, parent }, origin(ctx));
    ctx.deps.relay().nudge();
    return unit;
  }

  @Authorized('HR')
  @Mutation(() => OrgUnit)
  async renameOrgUnit(@Arg('input', () => RenameOrgUnitInput) input: RenameOrgUnitInput, @Ctx() ctx: HrContext) {
    const unit = await requireOrgUnit(ctx, input.id);
    requireUnitAccess(requireUser(ctx), unit, ['HR'], 'rename org units');
    const name = assertText(input.name, 'name');
    if (name === unit.name) return unit;
    const renamed = await ctx.deps.orgUnits.update(unit, { name }, 'hr.OrgUnitRenamed', origin(ctx));
    ctx.deps.relay().nudge();
    return renamed;
  }

  @Authorized('HR')
  @Mutation(() => OrgUnit)
  async moveOrgUnit(@Arg('input', () => MoveOrgUnitInput) input: MoveOrgUnitInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    const unit = await requireOrgUnit(ctx, input.id);
    const parent = await requireOrgUnit(ctx, input.parentId, 'parentId');
    requireUnitAccess(user, unit, ['HR'], 'move org units');
    requireUnitAccess(user, parent, ['HR'], 'move org units');
    requireOpen(unit, today(ctx));
    requireOpen(parent, today(ctx));
    if (createsCycle(unit.id, unitPath(parent))) throw new BadUserInputError(`${unit.name} can't move below itself.`, { field: 'parentId' });
    const problem = placementProblem(unit.kind, parent.kind);
    if (problem) throw new BadUserInputError(`The unit can't go there: ${problem}.`, { field: 'parentId' });
    if (unit.parentId === parent.id) return unit;
    const moved = await ctx.deps.orgUnits.update(unit, { parentId: parent.id, ancestors: unitPath(parent) }, 'hr.OrgUnitMoved', origin(ctx), { previousAncestors: unit.ancestors });
    await ctx.deps.orgUnits.rebaseDescendants(moved);
    ctx.deps.relay().nudge();
    return moved;
  }

  @Authorized('HR')
  @Mutation(() => OrgUnit)
  async setOrgUnitManager(@Arg('input', () => SetOrgUnitManagerInput) input: SetOrgUnitManagerInput, @Ctx() ctx: HrContext) {
    const unit = await requireOrgUnit(ctx, input.id);
    requireUnitAccess(requireUser(ctx), unit, ['HR'], 'appoint managers');
    assertId(input.employeeId, 'employeeId');
    const employee = await loaders(ctx).employee.load(input.employeeId);
    if (!employee) throw new NotFoundError('Employee', input.employeeId);
    if (employee.endDate && employee.endDate < today(ctx)) throw new BadUserInputError('A former employee cannot manage a unit.', { field: 'employeeId' });
    if (unit.managerId === employee._id) return unit;
    const updated = await ctx.deps.orgUnits.update(unit, { managerId: employee._id }, 'hr.OrgUnitManagerSet', origin(ctx));
    ctx.deps.relay().nudge();
    return updated;
  }

  @Authorized('HR')
  @Mutation(() => OrgUnit, { description: 'Refused while the unit has open children or employees.' })
  async closeOrgUnit(@Arg('input', () => CloseOrgUnitInput) input: CloseOrgUnitInput, @Ctx() ctx: HrContext) {
    const unit = await requireOrgUnit(ctx, input.id);
    requireUnitAccess(requireUser(ctx), unit, ['HR'], 'close org units');
    const date = assertDate(input.date, 'date');
    if (unit.closedOn) throw new ConflictError(`${unit.name} is already closed (${unit.closedOn}).`);
    if (await ctx.deps.orgUnits.hasOpenChildren(unit.id, date)) throw new ConflictError(`${unit.name} still has open units below it; close or move them first.`);
    if (await ctx.deps.employees.activeInUnit(unit.id, date)) throw new ConflictError(`${unit.name} still has employees on ${date}; transfer or terminate them first.`);
    const closed = await ctx.deps.orgUnits.update(unit, { closedOn: date }, 'hr.OrgUnitClosed', origin(ctx));
    ctx.deps.relay().nudge();
    return closed;
  }
}
