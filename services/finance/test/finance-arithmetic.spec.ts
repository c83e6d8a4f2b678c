import { distributionProblem, spreadEvenly } from '../src/domain/distribution';
import { rollUpForecasts } from '../src/domain/forecast';
import { monthKey, toOre, toSek } from '../src/domain/money';
import { budgetChange, rollUp, type AccountAmounts } from '../src/domain/rollup';
import { summarize, type AccountKind } from '../src/domain/summary';

describe('money in öre', () => {
  it('takes SEK with up to two decimals exactly: 0.1 + 0.2 is 30 öre, not 30.000000000000004', () => {
    expect((toOre(0.1) as number) + (toOre(0.2) as number)).toBe(30);
    expect(toOre(1234.56)).toBe(123456);
    expect(toSek(123456)).toBe(1234.56);
  });

  it('refuses a third decimal instead of rounding it away', () => {
    expect(toOre(10.005)).toBeUndefined();
    expect(toOre(Number.NaN)).toBeUndefined();
  });

  it('names a month inside the year', () => {
    expect(monthKey('2026-03')).toBe('m03');
  });
});

describe('budget distribution', () => {
  it('spreads 123.45 SEK as 10.29 × 9 + 10.28 × 3, summing exactly to the year', () => {
    const months = spreadEvenly(12345);
    expect(months).toEqual([1029, 1029, 1029, 1029, 1029, 1029, 1029, 1029, 1029, 1028, 1028, 1028]);
    expect(months.reduce((a, b) => a + b, 0)).toBe(12345);
  });

  it('spreads a negative amount the same way', () => {
    expect(spreadEvenly(-13).reduce((a, b) => a + b, 0)).toBe(-13);
  });

  it('accepts 12 given values that sum to the amount and refuses others', () => {
    expect(distributionProblem(1200, Array(12).fill(100))).toBeUndefined();
    expect(distributionProblem(1200, Array(11).fill(100))).toMatch(/12 values/);
    expect(distributionProblem(1201, Array(12).fill(100))).toMatch(/sum to 12.00, not to the amount 12.01/);
  });
});

describe('roll-up and deviation', () => {
  const units = [
    { id: 'board', parentId: null },
    { id: 'a', parentId: 'board' },
    { id: 'b', parentId: 'board' },
  ];

  it("rolls a board's amounts up from its units exactly, to the öre", () => {
    const own = new Map<string, AccountAmounts>([
      ['a', { '4010': 33333, '3010': 1 }],
      ['b', { '4010': 66667 }],
      ['board', { '4010': 5 }],
    ]);
    const rolled = rollUp(units, own);
    expect(rolled.get('board')).toEqual({ '4010': 100005, '3010': 1 });
    expect(rolled.get('a')).toEqual({ '4010': 33333, '3010': 1 });
  });

  it('computes net cost, deviation and its percentage: budget 3 000 to date, actual 3 100 → −100 SEK, −3.33 %', () => {
    const kinds = new Map<string, AccountKind>([['4010', 'COST'], ['3010', 'REVENUE']]);
    // per month: cost 1 200 budget, revenue 200 budget → net 1 000; March actuals: cost 1 300, revenue 200
    const budgetMonth = { '4010': 120000, '3010': 20000 };
    const rollup = {
      budget: Object.fromEntries(['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11', 'm12'].map((m) => [m, budgetMonth])),
      actual: { m01: { '4010': 120000, '3010': 20000 }, m02: { '4010': 120000, '3010': 20000 }, m03: { '4010': 130000, '3010': 20000 } },
      forecast: { m03: 1234500 },
    };
    const s = summarize(rollup, kinds, 3);
    expect(s).toMatchObject({ budgetYear: 1200000, budgetToDate: 300000, actualToDate: 310000, deviationToDate: -10000, deviationPercent: -3.33, forecastYearEnd: 1234500 });
    const march = summarize({ ...rollup, actual: { m03: rollup.actual.m03 } }, kinds, 3);
    expect(march.actualToDate).toBe(110000);
    expect(s.byAccount).toEqual([
      { code: '3010', budgetYear: -240000, budgetToDate: -60000, actualToDate: -60000, deviationToDate: 0 },
      { code: '4010', budgetYear: 1440000, budgetToDate: 360000, actualToDate: 370000, deviationToDate: -10000 },
    ]);
  });

  it('reports a deviation of 0 % when there is no budget yet, not a division by zero', () => {
    expect(summarize({ budget: {}, actual: { m01: { x: 100 } }, forecast: {} }, new Map(), 1)).toMatchObject({ deviationToDate: -100, deviationPercent: 0, forecastYearEnd: null });
  });

  it("sums the units' latest forecasts up the tree, and leaves a month before any forecast empty", () => {
    const forecasts = rollUpForecasts(
      units,
      new Map([
        ['a', [{ monthIndex: 2, yearEndOre: 1000 }, { monthIndex: 4, yearEndOre: 1500 }]],
        ['b', [{ monthIndex: 3, yearEndOre: 700 }]],
      ]),
    );
    expect(forecasts.get('board')?.slice(0, 5)).toEqual([null, 1000, 1700, 2200, 2200]);
    expect(forecasts.get('a')?.[11]).toBe(1500);
  });
});

describe('budgetChange (what a replaced budget adds to the roll-ups above it)', () => {
  const line = (accountCode: string, monthly: number[]) => ({ accountCode, monthly });
  const year = (ore: number) => Array.from({ length: 12 }, () => ore);

  it('is the new budget when there was none, and the difference per month and account after', () => {
    expect(budgetChange([], [line('4010', year(100))])[0]).toEqual({ '4010': 100 });
    const change = budgetChange([line('4010', year(100)), line('3010', year(50))], [line('4010', [...year(100).slice(0, 11), 400]), line('5010', year(7))]);
    expect(change[0]).toEqual({ '4010': 0, '3010': -50, '5010': 7 });
    expect(change[11]).toEqual({ '4010': 300, '3010': -50, '5010': 7 });
  });

  it('undoes itself: the change there and back adds up to nothing', () => {
    const a = [line('4010', year(120)), line('3010', year(80))];
    const b = [line('4010', year(90))];
    const there = budgetChange(a, b);
    const back = budgetChange(b, a);
    there.forEach((month, i) => Object.entries(month).forEach(([code, ore]) => expect(ore + (back[i]?.[code] ?? 0)).toBe(0)));
  });
});
