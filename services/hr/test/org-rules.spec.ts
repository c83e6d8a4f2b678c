import { isInScope, type AuthUser } from '@performa/platform';
import { createsCycle, placementProblem } from '../src/domain/org-rules';

describe('org tree rules', () => {
  it('refuses to move a unit below its own descendant (a cycle)', () => {
    // municipality M → board B → department D → unit U; moving B under U
    expect(createsCycle('B', ['M', 'B', 'D', 'U'])).toBe(true);
  });

  it('refuses to make a unit its own parent', () => {
    expect(createsCycle('D', ['M', 'B', 'D'])).toBe(true);
  });

  it('allows a move to a sibling branch', () => {
    expect(createsCycle('D', ['M', 'B2'])).toBe(false);
  });

  it('keeps the municipality at the root and boards directly below it', () => {
    expect(placementProblem('MUNICIPALITY', null)).toBeUndefined();
    expect(placementProblem('MUNICIPALITY', 'BOARD')).toMatch(/root/);
    expect(placementProblem('BOARD', 'MUNICIPALITY')).toBeUndefined();
    expect(placementProblem('BOARD', 'DEPARTMENT')).toMatch(/can't sit under a department/);
    expect(placementProblem('UNIT', null)).toMatch(/needs a parent/);
    expect(placementProblem('UNIT', 'DEPARTMENT')).toBeUndefined();
    expect(placementProblem('DEPARTMENT', 'UNIT')).toMatch(/can't sit under a unit/);
  });
});

describe('scope', () => {
  const manager: AuthUser = { sub: 'e1', roles: ['MANAGER'], units: ['D'], tenant: 't' };
  const admin: AuthUser = { sub: 'e2', roles: ['ADMIN'], units: [], tenant: 't' };

  it('lets a manager of a department act on a unit below it', () => {
    expect(isInScope(manager, ['M', 'B', 'D', 'U'])).toBe(true);
  });

  it('refuses a manager on the parent board and on a sibling department', () => {
    expect(isInScope(manager, ['M', 'B'])).toBe(false);
    expect(isInScope(manager, ['M', 'B', 'D2'])).toBe(false);
  });

  it('lets ADMIN act on the whole tenant whatever units says', () => {
    expect(isInScope(admin, ['M', 'B2', 'X'])).toBe(true);
  });
});
