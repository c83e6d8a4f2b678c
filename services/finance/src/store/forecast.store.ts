import { randomUUID } from 'node:crypto';
import { newWithEvents, type EventFactory } from '@performa/platform';
import { forecastEvent } from '../events/published';
import type { Origin } from './actuals.store';
import type { FinanceModels } from './models';
import type { RollupStore } from './rollup.store';

export class ForecastStore {
  constructor(
    private readonly models: FinanceModels,
    private readonly rollups: RollupStore,
    private readonly events: EventFactory,
  ) {}

  async submit(input: { unitId: string; year: number; month: string; yearEndOre: number; comment: string | null }, origin: Origin): Promise<void> {
    const id = randomUUID();
    const entry = this.events.entry(forecastEvent({ forecastId: id, unitId: input.unitId, year: input.year, month: input.month, yearEndOre: input.yearEndOre }), origin);
    await this.models.Forecast.create({ _id: id, ...input, submittedBy: origin.actor, submittedAt: new Date(), ...newWithEvents([entry]) });
    // the request's own roll-up: only the unit's chain (with those of concurrent requests); finance's
    // consumer rolls the whole year again
    await this.rollups.recomputeForecastsFor(input.year, await this.rollups.chainOf(input.unitId));
  }
}
