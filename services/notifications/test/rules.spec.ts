import { monthOverdue, nthWorkingDay, previousMonth } from '../src/domain/calendar';
import { isNotificationKind, notificationId } from '../src/domain/kinds';
import { lightIsNews, lightRecipients, nextSigner } from '../src/domain/recipients';
import { retryDelay, signPayload, verifySignature, webhookUrlProblem } from '../src/domain/signature';

describe('reporting deadlines in working days', () => {
  it('counts Monday to Friday, skipping configured holidays', () => {
    // December 2026 starts on a Tuesday: 1, 2, 3, 4, (5–6 weekend), 7
    expect(nthWorkingDay('2026-12', 5)).toBe('2026-12-07');
    // January 2027: Fri 1 (New Year's Day), Mon 4, Tue 5, Wed 6 (Epiphany), Thu 7, Fri 8, Mon 11
    expect(nthWorkingDay('2027-01', 5, new Set(['2027-01-01', '2027-01-06']))).toBe('2027-01-11');
    expect(nthWorkingDay('2027-01', 5)).toBe('2027-01-07');
  });

  it('makes last month overdue from the deadline day on, not before', () => {
    expect(monthOverdue('2026-12-04', 5)).toBeNull();
    expect(monthOverdue('2026-12-07', 5)).toBe('2026-11');
    expect(monthOverdue('2026-12-31', 5)).toBe('2026-11');
    expect(monthOverdue('2027-01-11', 5, new Set(['2027-01-01', '2027-01-06']))).toBe('2026-12');
    expect(monthOverdue('2027-01-08', 5, new Set(['2027-01-01', '2027-01-06']))).toBeNull();
    expect(previousMonth('2027-01')).toBe('2026-12');
  });
});

describe('who hears what', () => {
  it("tells the owner unit's manager and the parent unit's manager of a light, once each", () => {
    expect(lightRecipients({ managerId: 'anna' }, { managerId: 'bo' })).toEqual(['anna', 'bo']);
    expect(lightRecipients({ managerId: 'anna' }, { managerId: 'anna' })).toEqual(['anna']);
    expect(lightRecipients({ managerId: null }, { managerId: 'bo' })).toEqual(['bo']);
    expect(lightRecipients({ managerId: null }, null)).toEqual([]);
  });

  it('counts a light turning YELLOW or RED in its latest month as news, and nothing else', () => {
    expect(lightIsNews({ previousLight: 'GREEN', light: 'RED', month: '2026-03' }, '2026-03')).toBe(true);
    expect(lightIsNews({ previousLight: 'NO_DATA', light: 'YELLOW', month: '2026-03' }, null)).toBe(true);
    expect(lightIsNews({ previousLight: 'RED', light: 'YELLOW', month: '2026-04' }, '2026-03')).toBe(true);
    expect(lightIsNews({ previousLight: 'RED', light: 'GREEN', month: '2026-03' }, null)).toBe(false);
    expect(lightIsNews({ previousLight: 'GREEN', light: 'NO_DATA', month: '2026-03' }, null)).toBe(false);
    // a correction of an old month
    expect(lightIsNews({ previousLight: 'GREEN', light: 'RED', month: '2025-11' }, '2026-03')).toBe(false);
  });

  it("sends a signed agreement to the unit's manager, or the parent's when the employee manages the unit", () => {
    expect(nextSigner('eva', { managerId: 'anna' }, { managerId: 'bo' })).toBe('anna');
    expect(nextSigner('anna', { managerId: 'anna' }, { managerId: 'bo' })).toBe('bo');
    expect(nextSigner('anna', { managerId: 'anna' }, null)).toBeNull();
    expect(nextSigner('eva', { managerId: null }, { managerId: 'bo' })).toBeNull();
  });

  it('derives the same notification id from the same cause, and another from another', () => {
    expect(notificationId('event-1', 'anna')).toBe(notificationId('event-1', 'anna'));
    expect(notificationId('event-1', 'anna')).not.toBe(notificationId('event-1', 'bo'));
    expect(notificationId('event-1', 'anna')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(isNotificationKind('INDICATOR_LIGHT')).toBe(true);
    expect(isNotificationKind('indicator_light')).toBe(false);
  });
});

describe('webhook signatures, retries and URLs', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ id: 'd1', notification: { title: 'Sjukfrånvaro is RED' } });

  it('verifies a signature over the timestamp and the exact body, and nothing else', () => {
    const header = signPayload(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, { nowSeconds: 1_800_000_010 })).toBe(true);
    expect(verifySignature('whsec_other', body, header, { nowSeconds: 1_800_000_010 })).toBe(false);
    expect(verifySignature(secret, `${body} `, header, { nowSeconds: 1_800_000_010 })).toBe(false);
    // a replay an hour later
    expect(verifySignature(secret, body, header, { nowSeconds: 1_800_003_600 })).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, 't=1,v1=zz')).toBe(false);
  });

  it('doubles the wait after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, 1_000, 10_000))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
  });

  it('takes only http(s) URLs without credentials', () => {
    expect(webhookUrlProblem('https://chat.example.org/hooks/performa')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/in')).toBeNull();
    expect(webhookUrlProblem('ftp://example.org/in')).toMatch(/http or https/);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http or https/);
    expect(webhookUrlProblem('not a url')).toMatch(/not a URL/);
    expect(webhookUrlProblem('https://user:pw@example.org/in')).toMatch(/credentials/);
  });
});
