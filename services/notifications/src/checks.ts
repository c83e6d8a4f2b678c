import type { Logger } from 'pino';
import { op, type OrgUnitDoc } from '@performa/platform';
import { monthOverdue, startOfNextMonth } from './domain/calendar';
import { notificationId } from './domain/kinds';
import type { NotificationDraft, Notifier } from './notifier';
import type { IndicatorProjection, NotificationModels } from './store/models';

export interface CheckSettings {
  /** manual indicators must have last month's value by this working day of the month */
  reportingWorkingDay: number;
  /** units with a budget must have forecast last month by this working day */
  forecastWorkingDay: number;
  holidays: ReadonlySet<string>;
}

export interface CheckResult {
  /** the month checked, or null when its deadline has not passed yet */
  measurementMonth: string | null;
  measurementReminders: number;
  forecastMonth: string | null;
  forecastReminders: number;
}

/**
 * The scheduled checks: reminders for what should have been reported by now. Each reminder's id is
 * derived from its kind, unit and month, so running the checks twice, or on several replicas at
 * once, leaves one notification per unit and month.
 */
export class ScheduledChecks {
  constructor(
    private readonly models: NotificationModels,
    private readonly notifier: Notifier,
    private readonly settings: CheckSettings,
    private readonly logger: Logger,
  ) {}

  async run(asOf: Date = new Date()): Promise<CheckResult> {
    const today = asOf.toISOString().slice(0, 10);
    const measurementMonth = monthOverdue(today, this.settings.reportingWorkingDay, this.settings.holidays);
    const forecastMonth = monthOverdue(today, this.settings.forecastWorkingDay, this.settings.holidays);
    const result: CheckResult = {
      measurementMonth,
      measurementReminders: measurementMonth ? (await this.notifier.notify(await this.missingMeasurements(measurementMonth))).length : 0,
      forecastMonth,
      forecastReminders: forecastMonth ? (await this.notifier.notify(await this.missingForecasts(forecastMonth))).length : 0,
    };
    this.logger.info({ ...result, today }, 'scheduled checks done');
    return result;
  }

  /** One reminder per unit that owns manual indicators without a value for `month`, naming them. */
  async missingMeasurements(month: string): Promise<NotificationDraft[]> {
    const monthEnd = startOfNextMonth(month);
    const manual = await this.models.Indicator.find({ source: 'MANUAL' }).lean<IndicatorProjection[]>();
    const reported = new Set((await this.models.ReportedMonth.find({ month }, { indicatorId: 1 }).lean()).map((r) => r.indicatorId));
    const byUnit = new Map<string, IndicatorProjection[]>();
    for (const indicator of manual) {
      // an indicator created after the month ended owes nothing for it
      if (reported.has(indicator._id) || (indicator.definedAt && indicator.definedAt >= monthEnd)) continue;
      byUnit.set(indicator.unitId, [...(byUnit.get(indicator.unitId) ?? []), indicator]);
    }
    const units = await this.openUnits([...byUnit.keys()]);
    const drafts: NotificationDraft[] = [];
    for (const [unitId, indicators] of byUnit) {
      const unit = units.get(unitId);
      if (!unit?.managerId) continue;
      const names = indicators.map((i) => i.name ?? i._id).sort((a, b) => a.localeCompare(b, 'sv'));
      drafts.push({
        id: notificationId('MEASUREMENT_MISSING', unitId, month),
        tenant: indicators[0]?.tenant ?? 'default',
        recipient: unit.managerId,
        kind: 'MEASUREMENT_MISSING',
        title: `${unit.name}: ${names.length === 1 ? 'an indicator has' : `${names.length} indicators have`} no value for ${month}`,
        body: `The reporting deadline for ${month} has passed. Record a value in the scorecard for: ${names.join(', ')}.`,
        subjectId: unitId,
      });
    }
    return drafts;
  }

  /** One reminder per open unit with a budget for the month's year and no forecast for `month`. */
  async missingForecasts(month: string): Promise<NotificationDraft[]> {
    const budgets = await this.models.BudgetYear.find({ year: Number(month.slice(0, 4)) }).lean();
    const forecasted = new Set((await this.models.ForecastMonth.find({ month }, { unitId: 1 }).lean()).map((f) => f.unitId));
    const missing = budgets.filter((b) => !forecasted.has(b.unitId));
    const units = await this.openUnits(missing.map((b) => b.unitId));
    const drafts: NotificationDraft[] = [];
    for (const budget of missing) {
      const unit = units.get(budget.unitId);
      if (!unit?.managerId) continue;
      drafts.push({
        id: notificationId('FORECAST_MISSING', budget.unitId, month),
        tenant: budget.tenant,
        recipient: unit.managerId,
        kind: 'FORECAST_MISSING',
        title: `${unit.name}: no forecast for ${month}`,
        body: `${unit.name} has a budget for ${budget.year} but no year-end forecast for ${month}. Submit one in finance.`,
        subjectId: budget.unitId,
      });
    }
    return drafts;
  }

  private async openUnits(ids: string[]): Promise<Map<string, OrgUnitDoc>> {
    if (ids.length === 0) return new Map();
    const units = await this.models.OrgUnit.find({ _id: op({ $in: ids }) }).lean<OrgUnitDoc[]>();
    return new Map(units.filter((u) => !u.closedOn).map((u) => [u._id, u]));
  }
}
