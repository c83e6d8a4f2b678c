/**
 * The README's walkthrough: five questions people ask of the demo municipality, as the queries
 * they send. gateway/test/demo.slow.spec.ts runs exactly these against a seeded system.
 */
export const WALKTHROUGH = {
  /** the unit manager, before the workplace meeting: scorecard, finance, goals and staff in one query */
  dashboard: `query Dashboard($unit: ID!, $year: Int!, $month: Month!) {
  orgUnit(id: $unit) {
    name
    scorecard(month: $month) { green yellow red noData rows { indicator { name } value light trend } }
    finance(year: $year, month: $month) { budgetToDate actualToDate deviationPercent forecastYearEnd }
    goals(includeInherited: true) { title status owner { name } }
    employees(first: 5) { totalCount edges { node { firstName lastName title } } }
  }
}`,
  /** the politician: every board's lights and deviation */
  overview: `query Overview($year: Int!, $month: Month!) {
  orgUnits(kind: BOARD) {
    name
    scorecard(month: $month, includeDescendants: true) { green yellow red noData }
    finance(year: $year, month: $month) { budgetToDate actualToDate deviationPercent }
  }
}`,
  /** the municipal manager: a goal of the term, down through the boards to the units */
  lineOfSight: `query LineOfSight($goal: ID!) {
  goal(id: $goal) {
    title status contributorCount
    children { title status owner { name } children { title owner { name } indicators { name } } }
  }
}`,
  /** the HR officer: a board's figures, and its departments' */
  boardHr: `query BoardHr($board: ID!, $month: Month!) {
  orgUnit(id: $board) {
    name
    hrMetrics(month: $month) { headcount fte sickLeaveRate turnoverRate agreementCoverage }
    employees(first: 0) { totalCount }
    children { name hrMetrics(month: $month) { headcount fte sickLeaveRate } }
  }
}`,
  /** anyone: what needs my attention */
  notifications: `query Mine {
  myUnreadNotificationCount
  myNotifications(first: 10) { kind title createdAt read }
}`,
} as const;
