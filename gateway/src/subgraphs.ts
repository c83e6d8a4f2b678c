import { buildSubgraph, type SubgraphOptions } from '@performa/platform';
import { hrSubgraph } from '@performa/hr';
import { strategySubgraph } from '@performa/strategy';
import { financeSubgraph } from '@performa/finance';
import { scorecardSubgraph } from '@performa/scorecard';
import { notificationsSubgraph } from '@performa/notifications';
import { printSubgraphSchema } from '@apollo/subgraph';

export interface SubgraphEntry {
  name: string;
  /** the environment variable with its URL, and the default from DESIGN.md */
  urlVariable: 'HR_URL' | 'STRATEGY_URL' | 'FINANCE_URL' | 'SCORECARD_URL' | 'NOTIFICATIONS_URL';
  defaultUrl: string;
  options: SubgraphOptions;
}

/** Every subgraph of the graph. A new service adds itself here. */
export const SUBGRAPHS: SubgraphEntry[] = [
  { name: 'hr', urlVariable: 'HR_URL', defaultUrl: 'http://127.0.0.1:4001/graphql', options: hrSubgraph },
  { name: 'strategy', urlVariable: 'STRATEGY_URL', defaultUrl: 'http://127.0.0.1:4002/graphql', options: strategySubgraph },
  { name: 'finance', urlVariable: 'FINANCE_URL', defaultUrl: 'http://127.0.0.1:4003/graphql', options: financeSubgraph },
  { name: 'scorecard', urlVariable: 'SCORECARD_URL', defaultUrl: 'http://127.0.0.1:4004/graphql', options: scorecardSubgraph },
  { name: 'notifications', urlVariable: 'NOTIFICATIONS_URL', defaultUrl: 'http://127.0.0.1:4005/graphql', options: notificationsSubgraph },
];

/** A subgraph's SDL as composition sees it, built from its resolvers without starting it. */
export async function subgraphSdl(entry: SubgraphEntry): Promise<string> {
  return printSubgraphSchema(await buildSubgraph(entry.options));
}
