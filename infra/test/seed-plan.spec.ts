import { planMunicipality } from '../src/seed/plan';
import { Random } from '../src/seed/prng';

const today = new Date('2026-12-04T10:00:00Z');

describe('the demo municipality plan', () => {
  it('is the same every time for the same day', () => {
    expect(planMunicipality('small', today)).toEqual(planMunicipality('small', today));
    expect(new Random(7).next()).toBe(new Random(7).next());
    expect(new Random(7).next()).not.toBe(new Random(8).next());
  });

  it("is Eskilstuna's size in full: 8 boards, 5 corporations, about 400 units, 8,500 employees, 60 accounts", () => {
    const plan = planMunicipality('full', today);
    const count = (kind: string) => plan.units.filter((u) => u.kind === kind).length;
    expect([count('MUNICIPALITY'), count('BOARD'), count('CORPORATION')]).toEqual([1, 8, 5]);
    expect(plan.units.length).toBeGreaterThanOrEqual(350);
    expect(plan.units.length).toBeLessThanOrEqual(450);
    expect(plan.employees).toHaveLength(8_500);
    expect(plan.accounts).toHaveLength(60);
    expect(plan.goals.filter((g) => !g.parentKey)).toHaveLength(12);
    expect(plan.termStartYear).toBe(2023);
    // every unit has exactly one manager, placed in it
    expect(plan.employees.filter((e) => e.manages).map((e) => e.unitCode).sort()).toEqual(plan.units.map((u) => u.code).sort());
    // actuals for every month of last year and this year before December
    expect(plan.actualMonths).toHaveLength(23);
    expect(plan.actualMonths.at(-1)).toBe('2026-11');
  });

  it('only plans what the services accept: unique codes and e-mails, parents first, sick leave inside the employment and its month', () => {
    const plan = planMunicipality('full', today);
    expect(new Set(plan.units.map((u) => u.code)).size).toBe(plan.units.length);
    expect(new Set(plan.employees.map((e) => e.email)).size).toBe(plan.employees.length);
    const seen = new Set<string>();
    for (const u of plan.units) {
      if (u.parentCode) expect(seen.has(u.parentCode)).toBe(true);
      seen.add(u.code);
    }
    for (const e of plan.employees) {
      expect(e.fte).toBeGreaterThan(0);
      expect(e.fte).toBeLessThanOrEqual(1);
      for (const s of e.sickLeave) {
        expect(s.from >= e.startDate && s.to >= s.from && s.to.slice(0, 7) === s.from.slice(0, 7)).toBe(true);
        expect([25, 50, 75, 100]).toContain(s.percent);
      }
    }
    const goalKeys = new Set(plan.goals.map((g) => g.key));
    expect(plan.goals.every((g) => !g.parentKey || goalKeys.has(g.parentKey))).toBe(true);
    expect(plan.indicators.every((i) => !i.goalKey || goalKeys.has(i.goalKey))).toBe(true);
  });
});
