import { compareWithLastYear, goalFulfilment, lightOf, thresholdProblem, trendOf, type Thresholds } from '../src/domain/lights';

const sickLeave: Thresholds = { direction: 'LOWER_IS_BETTER', target: 5, warningThreshold: 7 };
const satisfaction: Thresholds = { direction: 'HIGHER_IS_BETTER', target: 80, warningThreshold: 70 };

describe('traffic lights', () => {
  it('lights sick leave (lower is better, target 5, warning 7): 4.9 GREEN, 5 GREEN, 6.5 YELLOW, 7 YELLOW, 7.52 RED', () => {
    expect([4.9, 5, 6.5, 7, 7.52].map((v) => lightOf(v, sickLeave))).toEqual(['GREEN', 'GREEN', 'YELLOW', 'YELLOW', 'RED']);
  });

  it('lights satisfaction (higher is better, target 80, warning 70): 85 GREEN, 80 GREEN, 75 YELLOW, 69.9 RED', () => {
    expect([85, 80, 75, 69.9].map((v) => lightOf(v, satisfaction))).toEqual(['GREEN', 'GREEN', 'YELLOW', 'RED']);
  });

  it('has no yellow without a warning threshold, and NO_DATA without a value', () => {
    expect(lightOf(79, { ...satisfaction, warningThreshold: null })).toBe('RED');
    expect(lightOf(null, satisfaction)).toBe('NO_DATA');
  });

  it('refuses thresholds that contradict the direction', () => {
    expect(thresholdProblem({ direction: 'LOWER_IS_BETTER', target: 5, warningThreshold: 3 })).toMatch(/must not be below the target/);
    expect(thresholdProblem({ direction: 'HIGHER_IS_BETTER', target: 80, warningThreshold: 90 })).toMatch(/must not be above the target/);
    expect(thresholdProblem(sickLeave)).toBeUndefined();
  });
});

describe('trend and last year', () => {
  it('gives the trend as value minus last month: 7.52 after 5.10 is +2.42', () => {
    expect(trendOf(7.52, 5.1)).toBe(2.42);
    expect(trendOf(7.52, null)).toBeNull();
  });

  it('judges the same month last year by direction', () => {
    expect(compareWithLastYear(4, 6, 'LOWER_IS_BETTER')).toBe('BETTER');
    expect(compareWithLastYear(4, 6, 'HIGHER_IS_BETTER')).toBe('WORSE');
    expect(compareWithLastYear(6, 6, 'HIGHER_IS_BETTER')).toBe('UNCHANGED');
    expect(compareWithLastYear(6, null, 'HIGHER_IS_BETTER')).toBeNull();
  });
});

describe('goal fulfilment', () => {
  it('is ON_TRACK when all indicators are green', () => expect(goalFulfilment(['GREEN', 'GREEN'])).toBe('ON_TRACK'));
  it('is AT_RISK when one is yellow and none red', () => expect(goalFulfilment(['GREEN', 'YELLOW'])).toBe('AT_RISK'));
  it('is OFF_TRACK when any is red', () => expect(goalFulfilment(['YELLOW', 'RED', 'GREEN'])).toBe('OFF_TRACK'));
  it('is NOT_MEASURED without indicators or with gaps only', () => {
    expect(goalFulfilment([])).toBe('NOT_MEASURED');
    expect(goalFulfilment(['GREEN', 'NO_DATA'])).toBe('NOT_MEASURED');
  });
});
