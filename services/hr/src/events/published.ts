import { ORG_UNIT_TOPIC, type OrgUnitSnapshot } from '@performa/platform';

/** What hr announces (contracts in schemas/events). */
export const TOPICS = {
  orgUnit: ORG_UNIT_TOPIC,
  employee: 'hr.employee.v1',
  metrics: 'hr.metrics.v1',
  agreement: 'hr.agreement.v1',
} as const;

export type OrgUnitEventType = 'hr.OrgUnitCreated' | 'hr.OrgUnitRenamed' | 'hr.OrgUnitMoved' | 'hr.OrgUnitManagerSet' | 'hr.OrgUnitClosed';

export function orgUnitEvent(type: OrgUnitEventType, unit: OrgUnitSnapshot, extra: Record<string, unknown> = {}) {
  return { topic: TOPICS.orgUnit, type, subject: unit.id, data: { ...unit, ...extra } };
}

export interface EmployeeHired {
  employeeId: string;
  unitId: string;
  fte: number;
  startDate: string;
  version: number;
}
export interface EmployeeTransferred {
  employeeId: string;
  fromUnitId: string;
  toUnitId: string;
  date: string;
  version: number;
}
export interface EmployeeTerminated {
  employeeId: string;
  unitId: string;
  endDate: string;
  version: number;
}
export interface SickLeaveReported {
  employeeId: string;
  unitId: string;
  months: string[];
  version: number;
}

export type EmployeeEvent =
  | { type: 'hr.EmployeeHired'; data: EmployeeHired }
  | { type: 'hr.EmployeeTransferred'; data: EmployeeTransferred }
  | { type: 'hr.EmployeeTerminated'; data: EmployeeTerminated }
  | { type: 'hr.SickLeaveReported'; data: SickLeaveReported };

export function employeeEvent(event: EmployeeEvent) {
  return { topic: TOPICS.employee, type: event.type, subject: event.data.employeeId, data: event.data };
}

export interface HrMetricsChanged {
  unitId: string;
  month: string;
  headcount: number;
  fte: number;
  sickLeaveRate: number;
  turnoverRate: number;
  agreementCoverage: number;
  version: number;
}

export function metricsEvent(data: HrMetricsChanged) {
  return { topic: TOPICS.metrics, type: 'hr.HrMetricsChanged', subject: data.unitId, data };
}
