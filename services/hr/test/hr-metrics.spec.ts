import { computeHrMetrics, type EmploymentRecord } from '../src/domain/hr-metrics';

// A board with units A and B, March 2026 (31 days).
const e1: EmploymentRecord = { fte: 1, startDate: '2025-01-01', endDate: null, placements: [{ unitId: 'A', from: '2025-01-01', to: null }], sickLeave: [{ from: '2026-03-01', to: '2026-03-10', percent: 100 }] };
const e2: EmploymentRecord = { fte: 0.5, startDate: '2025-06-01', endDate: null, placements: [{ unitId: 'B', from: '2025-06-01', to: null }], sickLeave: [{ from: '2026-03-11', to: '2026-03-20', percent: 50 }] };
const e3: EmploymentRecord = { fte: 1, startDate: '2026-03-16', endDate: null, placements: [{ unitId: 'A', from: '2026-03-16', to: null }], sickLeave: [] };
const e4: EmploymentRecord = { fte: 1, startDate: '2024-01-01', endDate: '2025-12-31', placements: [{ unitId: 'B', from: '2024-01-01', to: null }], sickLeave: [] };
const staff = [e1, e2, e3, e4];

describe('HR metrics', () => {
  it('counts headcount and FTE of those employed on the last day of the month: 3 people, 2.5 FTE', () => {
    const m = computeHrMetrics(staff, new Set(['A', 'B']), '2026-03');
    expect(m).toMatchObject({ month: '2026-03', headcount: 3, fte: 2.5 });
  });

  it('weights sick days by percent and FTE over employed days by FTE: 12.5 / 62.5 = 20 %', () => {
    // sick: 10 d × 100 % × 1.0 + 10 d × 50 % × 0.5 = 12.5; employed: 31 × 1.0 + 31 × 0.5 + 16 × 1.0 = 62.5
    expect(computeHrMetrics(staff, new Set(['A', 'B']), '2026-03').sickLeaveRate).toBe(20);
  });

  it('rolls a board up from its units, and gives unit A alone 10 / 47 = 21.28 %', () => {
    const a = computeHrMetrics(staff, new Set(['A']), '2026-03');
    expect(a).toEqual({ month: '2026-03', headcount: 2, fte: 2, sickLeaveRate: 21.28, turnoverRate: 0, agreementCoverage: 0 });
  });

  it('divides leavers in the 12 months to the month end by average month-end headcount: 1 / (32 / 12) = 37.5 %', () => {
    // month-end headcounts Apr 2025–Mar 2026: e1 12, e2 10, e3 1, e4 9 (employed through 31 Dec) = 32
    expect(computeHrMetrics(staff, new Set(['A', 'B']), '2026-03').turnoverRate).toBe(37.5);
  });

  it('counts no leaver once the end date is more than 12 months back', () => {
    expect(computeHrMetrics([e4], new Set(['B']), '2027-01').turnoverRate).toBe(0);
  });

  it('splits a transferred employee’s days between the two units and counts no leaver', () => {
    const moved: EmploymentRecord = {
      fte: 1,
      startDate: '2025-01-01',
      endDate: null,
      placements: [
        { unitId: 'A', from: '2025-01-01', to: '2026-03-15' },
        { unitId: 'B', from: '2026-03-16', to: null },
      ],
      sickLeave: [{ from: '2026-03-14', to: '2026-03-17', percent: 100 }],
    };
    // A: 2 sick days of 15 employed; B: 2 of 16; the board: 4 of 31
    expect(computeHrMetrics([moved], new Set(['A']), '2026-03')).toMatchObject({ headcount: 0, sickLeaveRate: 13.33, turnoverRate: 0 });
    expect(computeHrMetrics([moved], new Set(['B']), '2026-03')).toMatchObject({ headcount: 1, sickLeaveRate: 12.5, turnoverRate: 0 });
    expect(computeHrMetrics([moved], new Set(['A', 'B']), '2026-03')).toMatchObject({ headcount: 1, sickLeaveRate: 12.9 });
  });

  it('reports zeros, not NaN, for a unit with nobody in it', () => {
    expect(computeHrMetrics(staff, new Set(['empty']), '2026-03')).toEqual({ month: '2026-03', headcount: 0, fte: 0, sickLeaveRate: 0, turnoverRate: 0, agreementCoverage: 0 });
  });

  it('counts agreement coverage among those employed at month end: 1 signed of 3 → 33.33 %', () => {
    const named = staff.map((r, i) => ({ ...r, id: `e${i + 1}` }));
    // e4 left in December: a signed agreement of someone no longer employed does not count
    expect(computeHrMetrics(named, new Set(['A', 'B']), '2026-03', new Set(['e1', 'e4'])).agreementCoverage).toBe(33.33);
  });
});
