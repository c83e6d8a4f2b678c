import { goalProjectionSubscription, op, orgProjectionSubscription, type ConsumerSpec, type EventEnvelope, type GoalProjection, type OrgUnitDoc } from '@performa/platform';
import { notificationId } from '../domain/kinds';
import { lightIsNews, lightRecipients, nextSigner, type Light } from '../domain/recipients';
import type { NotificationDraft, Notifier } from '../notifier';
import type { IndicatorProjection, NotificationModels } from '../store/models';
import { FEEDS } from './topics';

export interface ConsumerDeps {
  models: NotificationModels;
  notifier: Notifier;
  /** older events only update projections: a new deployment replaying history tells no one about the past */
  maxEventAgeMs: number;
  now?: () => Date;
}

interface LightChanged {
  indicatorId: string;
  unitId: string;
  month: string;
  previousLight: Light;
  light: Light;
  value: number | null;
}

const ignoreDuplicate = (error: { code?: number }) => {
  if (error.code !== 11000) throw error; // a concurrent delivery inserted it first
};

/**
 * notifications' consumer group (`notifications`): the projections it needs to find recipients
 * (hr's units and managers, strategy's goals, scorecard's indicators, finance's budgets and
 * forecasts), and the events people must hear about. Notification ids derive from the event id
 * and the recipient, so a redelivery, or two replicas handling one event, leave one notification.
 */
export function notificationsConsumer(deps: ConsumerDeps): ConsumerSpec {
  const { models, notifier } = deps;
  const now = deps.now ?? (() => new Date());
  const fresh = (e: EventEnvelope) => now().getTime() - Date.parse(e.occurredAt) <= deps.maxEventAgeMs;

  async function unit(id: string): Promise<OrgUnitDoc> {
    const found = await models.OrgUnit.findById(id).lean<OrgUnitDoc>();
    // thrown, so the event is retried and, if the unit never arrives, parked on the dead-letter topic
    if (!found) throw new Error(`org unit ${id} is not in the projection yet`);
    return found;
  }
  const parentOf = async (u: OrgUnitDoc) => (u.parentId ? models.OrgUnit.findById(u.parentId).lean<OrgUnitDoc>() : null);
  const draft = (e: EventEnvelope, recipient: string, fields: Omit<NotificationDraft, 'id' | 'tenant' | 'recipient'>): NotificationDraft => ({
    id: notificationId(e.id, recipient),
    tenant: e.tenant,
    recipient,
    ...fields,
  });

  /** Remembers the newest month an indicator's events were about. */
  async function seeMonth(e: EventEnvelope, indicatorId: string, unitId: string, month: string): Promise<void> {
    await models.Indicator.updateOne({ _id: indicatorId }, { $setOnInsert: { tenant: e.tenant, unitId, name: null, source: null, definedAt: null, latestMonth: null } }, { upsert: true }).catch(ignoreDuplicate);
    await models.Indicator.updateOne({ _id: indicatorId, $or: [{ latestMonth: null }, { latestMonth: op({ $lt: month }) }] }, { $set: { latestMonth: month } });
  }

  return {
    group: 'notifications',
    subscriptions: [
      orgProjectionSubscription(models.OrgUnit),
      goalProjectionSubscription(models.Goal),
      {
        topic: FEEDS.indicators,
        handlers: {
          'scorecard.IndicatorDefined': async (e) => {
            const d = e.data as { indicatorId: string; name: string; unitId: string; source: string };
            await models.Indicator.updateOne({ _id: d.indicatorId }, { $set: { tenant: e.tenant, name: d.name, unitId: d.unitId, source: d.source, definedAt: new Date(e.occurredAt) } }, { upsert: true }).catch(ignoreDuplicate);
          },
          'scorecard.MeasurementRecorded': async (e) => {
            const d = e.data as { indicatorId: string; unitId: string; month: string };
            await models.ReportedMonth.updateOne({ _id: `${d.indicatorId}:${d.month}` }, { $set: { indicatorId: d.indicatorId, month: d.month } }, { upsert: true }).catch(ignoreDuplicate);
            await seeMonth(e, d.indicatorId, d.unitId, d.month);
          },
          'scorecard.IndicatorLightChanged': async (e) => {
            const d = e.data as unknown as LightChanged;
            const indicator = await models.Indicator.findById(d.indicatorId).lean<IndicatorProjection>();
            const news = lightIsNews(d, indicator?.latestMonth ?? null);
            await seeMonth(e, d.indicatorId, d.unitId, d.month);
            if (!news || !fresh(e)) return;
            const owner = await unit(d.unitId);
            const name = indicator?.name ?? 'An indicator';
            const was = d.previousLight === 'NO_DATA' ? 'had no value before' : `was ${d.previousLight}`;
            await notifier.notify(
              lightRecipients(owner, await parentOf(owner)).map((recipient) =>
                draft(e, recipient, {
                  kind: 'INDICATOR_LIGHT',
                  title: `${name} is ${d.light} for ${owner.name} (${d.month})`,
                  body: `${name} ${d.value === null ? 'has no value' : `is ${d.value}`} for ${d.month}; it ${was}.`,
                  subjectId: d.indicatorId,
                }),
              ),
            );
          },
        },
      },
      {
        topic: FEEDS.fulfilment,
        handlers: {
          'scorecard.GoalFulfilmentChanged': async (e) => {
            const d = e.data as { goalId: string; status: string; previousStatus: string; month: string };
            if (d.status !== 'OFF_TRACK' || d.previousStatus === 'OFF_TRACK' || !fresh(e)) return;
            const goal = await models.Goal.findById(d.goalId).lean<GoalProjection>();
            if (!goal) throw new Error(`goal ${d.goalId} is not in the projection yet`);
            if (goal.archived) return;
            const owner = await unit(goal.ownerId);
            if (!owner.managerId) return;
            await notifier.notify([
              draft(e, owner.managerId, {
                kind: 'GOAL_OFF_TRACK',
                title: `Goal off track: ${goal.title}`,
                body: `${goal.title} (${owner.name}) is OFF_TRACK as of ${d.month}: at least one of its indicators is RED.`,
                subjectId: goal._id,
              }),
            ]);
          },
        },
      },
      {
        topic: FEEDS.agreements,
        handlers: {
          'hr.AgreementDrafted': async (e) => {
            const d = e.data as { agreementId: string; employeeId: string; year: number; goalIds: string[] };
            if (!fresh(e)) return;
            await notifier.notify([
              draft(e, d.employeeId, {
                kind: 'AGREEMENT_TO_SIGN',
                title: `Your agreement for ${d.year} is ready to sign`,
                body: `It ties your work to ${d.goalIds.length} goal${d.goalIds.length === 1 ? '' : 's'}. Read it and sign; your manager signs after you.`,
                subjectId: d.agreementId,
              }),
            ]);
          },
          'hr.AgreementSigned': async (e) => {
            const d = e.data as { agreementId: string; employeeId: string; unitId: string; year: number; status: string };
            if (d.status !== 'SIGNED_BY_EMPLOYEE' || !fresh(e)) return;
            const owner = await unit(d.unitId);
            const recipient = nextSigner(d.employeeId, owner, await parentOf(owner));
            if (!recipient) return;
            await notifier.notify([
              draft(e, recipient, {
                kind: 'AGREEMENT_SIGNED_BY_EMPLOYEE',
                title: `An agreement for ${d.year} awaits your signature`,
                body: `An employee of ${owner.name} has signed their agreement for ${d.year}; it takes effect when you sign it.`,
                subjectId: d.agreementId,
              }),
            ]);
          },
        },
      },
      {
        topic: FEEDS.budgets,
        handlers: Object.fromEntries(
          ['finance.BudgetChanged', 'finance.BudgetApproved'].map((type) => [
            type,
            async (e: EventEnvelope) => {
              const d = e.data as { unitId: string; year: number };
              await models.BudgetYear.updateOne({ _id: `${d.unitId}:${d.year}` }, { $set: { tenant: e.tenant, unitId: d.unitId, year: d.year } }, { upsert: true }).catch(ignoreDuplicate);
            },
          ]),
        ),
      },
      {
        topic: FEEDS.forecasts,
        handlers: {
          'finance.ForecastSubmitted': async (e) => {
            const d = e.data as { unitId: string; month: string };
            await models.ForecastMonth.updateOne({ _id: `${d.unitId}:${d.month}` }, { $set: { unitId: d.unitId, month: d.month } }, { upsert: true }).catch(ignoreDuplicate);
          },
        },
      },
    ],
  };
}
