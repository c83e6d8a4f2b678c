import { composeServices } from '@apollo/composition';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { SUBGRAPHS, subgraphSdl } from './subgraphs';

/** schemas/ at the repository root, from src/ or dist/. */
export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas');

export interface Composition {
  subgraphs: Array<{ name: string; sdl: string }>;
  supergraph: string;
}

/** Composes the supergraph from the subgraphs' code with @apollo/composition. */
export async function compose(): Promise<Composition> {
  const subgraphs = await Promise.all(SUBGRAPHS.map(async (s) => ({ name: s.name, sdl: await subgraphSdl(s), url: s.defaultUrl })));
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  return { subgraphs: subgraphs.map(({ name, sdl }) => ({ name, sdl })), supergraph: result.supergraphSdl };
}

export function files(composition: Composition): Array<{ file: string; text: string }> {
  return [
    ...composition.subgraphs.map((s) => ({ file: path.join(SCHEMAS_DIR, `${s.name}.graphql`), text: `${s.sdl.trim()}\n` })),
    { file: path.join(SCHEMAS_DIR, 'supergraph.graphql'), text: `${composition.supergraph.trim()}\n` },
  ];
}

/** The committed files that differ from a fresh composition (empty when all are current). */
export async function drift(): Promise<string[]> {
  const stale: string[] = [];
  for (const { file, text } of files(await compose())) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== text) stale.push(path.relative(path.resolve(SCHEMAS_DIR, '..'), file));
  }
  return stale;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const stale = await drift();
    if (stale.length > 0) {
      process.stderr.write(`schemas drifted from the code: ${stale.join(', ')}; run npm run compose and commit\n`);
      return 1;
    }
    process.stdout.write('schemas/ matches a fresh composition\n');
    return 0;
  }
  for (const { file, text } of files(await compose())) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
