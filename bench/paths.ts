import { fileURLToPath } from 'node:url';

/**
 * The repository's root, whether this file runs from source (`bench/`) or compiled
 * (`bench/results/build/bench/`).
 *
 * @example
 * join(projectRoot, 'bench', 'results')
 */
export const projectRoot: string = fileURLToPath(new URL('..', import.meta.url)).replace(
  /bench\/results\/build\/$/,
  '',
);
