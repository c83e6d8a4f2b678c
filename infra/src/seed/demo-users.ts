import { postGraphQL } from './graphql';
import { signDemoToken } from './token';

export interface DemoUser {
  role: string;
  token: string;
  /** what this person would ask first */
  query: string;
}

interface Unit {
  id: string;
  code: string;
  name: string;
  manager: { id: string } | null;
}

/** The month the demo's figures are complete for: last month. */
export function demoMonth(today = new Date()): { year: number; month: string } {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return { year: d.getUTCFullYear(), month: d.toISOString().slice(0, 7) };
}

/**
 * A token for each role in the demo, for real people in it (the unit manager is the manager of a
 * school unit, the employee works there), with one example query each. Looked up in the graph, so
 * it works as well on a second start that reuses the data.
 */
export async function demoUsers(gatewayUrl: string, secret: string, today = new Date()): Promise<DemoUser[]> {
  const admin = signDemoToken({ sub: 'seed', roles: ['ADMIN'], units: [] }, secret);
  const ask = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const body = await postGraphQL<T>(gatewayUrl, query, variables, admin);
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  };
  const fields = 'id code name manager { id }';
  const { municipality, boards, units } = await ask<{ municipality: Unit[]; boards: Unit[]; units: Unit[] }>(
    `{ municipality: orgUnits(kind: MUNICIPALITY) { ${fields} } boards: orgUnits(kind: BOARD) { ${fields} } units: orgUnits(kind: UNIT) { ${fields} } }`,
  );
  const top = municipality[0];
  const board = boards.find((b) => b.code === 'BUN') ?? boards[0];
  const unit = units.find((u) => u.code.startsWith(`${board?.code}-`)) ?? units[0];
  if (!top || !board || !unit) return [];
  const staff = await ask<{ orgUnit: { employees: { edges: Array<{ node: { id: string } }> } } }>(`query($id: ID!) { orgUnit(id: $id) { employees(first: 5) { edges { node { id } } } } }`, { id: unit.id });
  const employee = staff.orgUnit.employees.edges.map((e) => e.node.id).find((id) => id !== unit.manager?.id);
  const { year, month } = demoMonth(today);
  const sign = (sub: string, roles: string[], scope: Unit[]) => signDemoToken({ sub, roles, units: scope.map((u) => u.id) }, secret);
  return [
    { role: 'politician', token: sign('politician', ['POLITICIAN'], []), query: `{ orgUnits(kind: BOARD) { name scorecard(month: "${month}", includeDescendants: true) { green yellow red } finance(year: ${year}, month: "${month}") { deviationPercent } } }` },
    { role: 'municipal manager', token: sign(top.manager?.id ?? 'municipal-manager', ['EXECUTIVE'], [top]), query: `{ goals(ownerId: "${top.id}") { title perspective status children { title owner { name } status } } }` },
    { role: `board director (${board.name})`, token: sign(board.manager?.id ?? 'board-director', ['EXECUTIVE'], [board]), query: `{ orgUnit(id: "${board.id}") { hrMetrics(month: "${month}") { headcount fte sickLeaveRate agreementCoverage } children { name hrMetrics(month: "${month}") { headcount sickLeaveRate } } } }` },
    { role: `unit manager (${unit.name})`, token: sign(unit.manager?.id ?? 'unit-manager', ['MANAGER'], [unit]), query: `{ orgUnit(id: "${unit.id}") { name scorecard(month: "${month}") { green yellow red rows { indicator { name } value light } } finance(year: ${year}, month: "${month}") { deviationPercent forecastYearEnd } employees(first: 3) { totalCount } } }` },
    { role: 'HR officer', token: sign('hr-officer', ['HR'], [top]), query: `{ orgUnit(id: "${top.id}") { hrMetrics(month: "${month}") { headcount fte sickLeaveRate turnoverRate agreementCoverage } } }` },
    { role: 'controller', token: sign('controller', ['FINANCE'], [top]), query: `{ orgUnit(id: "${top.id}") { finance(year: ${year}, month: "${month}") { budgetYear budgetToDate actualToDate deviationPercent forecastYearEnd } } }` },
    { role: 'employee', token: sign(employee ?? 'employee', ['EMPLOYEE'], [unit]), query: `{ me { firstName unit { name } agreement(year: ${year}) { status contributions { goal { title } description } } } myNotifications(first: 5) { kind title } }` },
  ];
}
