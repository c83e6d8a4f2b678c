import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertDate, assertId, assertText, BadUserInputError, ConflictError, ForbiddenError, hasRole, isInScope, NotFoundError, requireUser } from '@performa/platform';
import { overlapDays } from '../domain/calendar';
import type { EmployeeRecord } from '../store/models';
import { canReadEmployee, requireUnitAccess, unitPath } from './access';
import { origin, type HrContext } from './deps';
import { ReportSickLeaveInput, HireEmployeeInput, TerminateEmployeeInput, TransferEmployeeInput } from './employee.input';
import { Employee } from './employee.type';
import { loaders } from './loaders';
import { requireOpen, requireOrgUnit } from './org-unit.resolver';
import { OrgUnit } from './org-unit.type';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const SICK_PERCENTS = [25, 50, 75, 100];

export function toEmployee(record: EmployeeRecord): Employee {
  return { ...record, id: record._id };
}

async function requireEmployee(ctx: HrContext, id: string, field = 'id'): Promise<EmployeeRecord> {
  assertId(id, field);
  const employee = await loaders(ctx).employee.load(id);
  if (!employee) throw new NotFoundError('Employee', id);
  return employee;
}

function requireActive(employee: EmployeeRecord, on: string): void {
  if (employee.endDate && employee.endDate < on) throw new ConflictError(`The employee left on ${employee.endDate}.`, { id: employee._id });
}

@Resolver(() => Employee)
export class EmployeeResolver {
  @Authorized()
  @Query(() => Employee, { nullable: true })
  async employee(@Arg('id', () => ID) id: string, @Ctx() ctx: HrContext) {
    assertId(id, 'id');
    const employee = await loaders(ctx).employee.load(id);
    if (!employee) return null;
    const unit = await loaders(ctx).orgUnit.load(employee.unitId);
    if (!canReadEmployee(requireUser(ctx), employee._id, unit)) throw new ForbiddenError("You may not read this employee's personal data.");
    return toEmployee(employee);
  }

  @Authorized()
  @Query(() => Employee, { nullable: true, description: 'The signed-in employee.' })
  async me(@Ctx() ctx: HrContext) {
    const employee = await loaders(ctx).employee.load(requireUser(ctx).sub);
    return employee ? toEmployee(employee) : null;
  }

  @Authorized()
  @FieldResolver(() => OrgUnit)
  async unit(@Root() employee: Employee, @Ctx() ctx: HrContext) {
    return loaders(ctx).orgUnit.load(employee.unitId);
  }

  @Authorized('HR')
  @Mutation(() => Employee)
  async hireEmployee(@Arg('input', () => HireEmployeeInput) input: HireEmployeeInput, @Ctx() ctx: HrContext) {
    const unit = await requireOrgUnit(ctx, input.unitId, 'unitId');
    requireUnitAccess(requireUser(ctx), unit, ['HR'], 'hire');
    const startDate = assertDate(input.startDate, 'startDate');
    requireOpen(unit, startDate);
    if (!(input.fte > 0 && input.fte <= 1)) throw new BadUserInputError(`fte must be above 0 and at most 1, not ${input.fte}.`, { field: 'fte' });
    const email = assertText(input.email, 'email').toLowerCase();
    if (!EMAIL.test(email)) throw new BadUserInputError(`"${input.email}" is not an e-mail address.`, { field: 'email' });
    const hired = await ctx.deps.employees.hire(
      {
        unitId: unit.id,
        firstName: assertText(input.firstName, 'firstName', 100),
        lastName: assertText(input.lastName, 'lastName', 100),
        email,
        title: input.title ? assertText(input.title, 'title') : null,
        fte: input.fte,
        startDate,
      },
      origin(ctx),
    );
    ctx.deps.relay().nudge();
    return toEmployee(hired);
  }

  @Authorized('HR')
  @Mutation(() => Employee)
  async transferEmployee(@Arg('input', () => TransferEmployeeInput) input: TransferEmployeeInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    const employee = await requireEmployee(ctx, input.id);
    const date = assertDate(input.date, 'date');
    const [from, to] = await Promise.all([requireOrgUnit(ctx, employee.unitId, 'id'), requireOrgUnit(ctx, input.unitId, 'unitId')]);
    requireUnitAccess(user, from, ['HR'], 'transfer employees');
    requireUnitAccess(user, to, ['HR'], 'transfer employees');
    requireActive(employee, date);
    requireOpen(to, date);
    if (to.id === from.id) throw new BadUserInputError(`The employee already works in ${to.name}.`, { field: 'unitId' });
    const current = employee.placements.find((p) => p.to === null);
    if (date <= (current?.from ?? employee.startDate)) throw new BadUserInputError(`date must be after ${current?.from ?? employee.startDate}, when the current placement began.`, { field: 'date' });
    const moved = await ctx.deps.employees.transfer(employee, to.id, date, origin(ctx));
    ctx.deps.relay().nudge();
    return toEmployee(moved);
  }

  @Authorized('HR')
  @Mutation(() => Employee)
  async terminateEmployee(@Arg('input', () => TerminateEmployeeInput) input: TerminateEmployeeInput, @Ctx() ctx: HrContext) {
    const employee = await requireEmployee(ctx, input.id);
    const unit = await requireOrgUnit(ctx, employee.unitId, 'id');
    requireUnitAccess(requireUser(ctx), unit, ['HR'], 'terminate employment');
    const endDate = assertDate(input.endDate, 'endDate');
    if (employee.endDate) throw new ConflictError(`The employment already ends on ${employee.endDate}.`);
    if (endDate < employee.startDate) throw new BadUserInputError(`endDate can't be before the start date ${employee.startDate}.`, { field: 'endDate' });
    const ended = await ctx.deps.employees.terminate(employee, endDate, origin(ctx));
    ctx.deps.relay().nudge();
    return toEmployee(ended);
  }

  @Authorized('HR', 'MANAGER')
  @Mutation(() => Employee)
  async reportSickLeave(@Arg('input', () => ReportSickLeaveInput) input: ReportSickLeaveInput, @Ctx() ctx: HrContext) {
    const user = requireUser(ctx);
    const employee = await requireEmployee(ctx, input.employeeId, 'employeeId');
    const unit = await requireOrgUnit(ctx, employee.unitId, 'employeeId');
    if (!hasRole(user, 'ADMIN') && !isInScope(user, unitPath(unit))) throw new ForbiddenError(`${unit.name} is outside your part of the organisation.`);
    const from = assertDate(input.from, 'from');
    const to = assertDate(input.to, 'to');
    if (to < from) throw new BadUserInputError('to must not be before from.', { field: 'to' });
    if (!SICK_PERCENTS.includes(input.percent)) throw new BadUserInputError('percent must be 25, 50, 75 or 100.', { field: 'percent' });
    if (from < employee.startDate || (employee.endDate && to > employee.endDate)) throw new BadUserInputError('The sick leave must fall within the employment.', { field: 'from' });
    if (employee.sickLeave.some((s) => overlapDays(s.from, s.to, from, to) > 0)) throw new ConflictError('Sick leave is already reported for part of that period.');
    const updated = await ctx.deps.employees.reportSickLeave(employee, { from, to, percent: input.percent }, origin(ctx));
    ctx.deps.relay().nudge();
    return toEmployee(updated);
  }
}
