// Where the benchmark reads and writes: the checkout (as the command-line tools name it), the built
// functions, and the results it keeps.
import { join } from 'node:path';
import { PROJECT_ROOT, SAMPLE_CONFIG } from '../../src/cli/_run';

export { PROJECT_ROOT, SAMPLE_CONFIG };
export const BUILT_FUNCTIONS = join(PROJECT_ROOT, 'dist', 'functions');
/** Gitignored; `latest.json` is overwritten by every run. */
export const RESULTS_DIR = join(PROJECT_ROOT, 'bench-results');
export const LATEST_RESULTS = join(RESULTS_DIR, 'latest.json');
