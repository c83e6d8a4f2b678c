import { activityOwnerProblem, archiveProblem, createsGoalCycle, lineOfSight, parentProblem, termProblem, type GoalFacts } from '../src/domain/cascade';

// municipality M → board B → unit U; sibling board B2
const municipal: GoalFacts = { id: 'g-m', termId: 't1', ownerId: 'M', archived: false, parentId: null };
const board: GoalFacts = { id: 'g-b', termId: 't1', ownerId: 'B', archived: false, parentId: 'g-m' };
const sibling: GoalFacts = { id: 'g-b2', termId: 't1', ownerId: 'B2', archived: false, parentId: 'g-m' };

describe('cascade rules', () => {
  it('allows a parent owned by the same unit', () => {
    expect(parentProblem(board, 't1', ['M', 'B'])).toBeUndefined();
  });

  it('allows a parent owned by an ancestor of the owner', () => {
    expect(parentProblem(municipal, 't1', ['M', 'B', 'U'])).toBeUndefined();
  });

  it('refuses a parent goal owned by a sibling unit', () => {
    expect(parentProblem(sibling, 't1', ['M', 'B', 'U'])).toMatch(/same unit or one of its ancestors/);
  });

  it('refuses a parent goal owned by a unit below the owner', () => {
    expect(parentProblem(board, 't1', ['M'])).toMatch(/same unit or one of its ancestors/);
  });

  it('refuses a parent goal of another term', () => {
    expect(parentProblem(municipal, 't2', ['M', 'B'])).toMatch(/another term/);
  });

  it('refuses an archived parent goal', () => {
    expect(parentProblem({ ...municipal, archived: true }, 't1', ['M', 'B'])).toMatch(/archived/);
  });

  it('refuses re-parenting a goal under itself or its descendant, allows a move up', () => {
    const parents: Record<string, string | null> = { 'g-m': null, 'g-b': 'g-m', 'g-u': 'g-b' };
    const parentOf = (id: string) => parents[id];
    expect(createsGoalCycle('g-b', 'g-b', parentOf)).toBe(true);
    expect(createsGoalCycle('g-b', 'g-u', parentOf)).toBe(true);
    expect(createsGoalCycle('g-u', 'g-m', parentOf)).toBe(false);
  });

  it('refuses to archive a goal with live sub-goals and allows it without', () => {
    expect(archiveProblem(2)).toMatch(/2 live sub-goals/);
    expect(archiveProblem(0)).toBeUndefined();
  });

  it('starts terms the year after an election: 2023 and 2027, not 2024', () => {
    expect(termProblem(2023)).toBeUndefined();
    expect(termProblem(2027)).toBeUndefined();
    expect(termProblem(2024)).toMatch(/year after an election/);
    expect(termProblem(1800)).toMatch(/between 1990 and 2200/);
  });

  it("lets a unit below the goal's owner carry out its activity, not a sibling", () => {
    expect(activityOwnerProblem('B', ['M', 'B', 'U'])).toBeUndefined();
    expect(activityOwnerProblem('B', ['M', 'B2'])).toMatch(/below it/);
  });

  it('orders the line of sight from the municipality down and leaves out other branches', () => {
    const goals = [{ ownerId: 'U', t: 'unit' }, { ownerId: 'M', t: 'municipal' }, { ownerId: 'B2', t: 'other' }, { ownerId: 'B', t: 'board' }];
    expect(lineOfSight(goals, ['M', 'B', 'U']).map((g) => g.t)).toEqual(['municipal', 'board', 'unit']);
  });
});
