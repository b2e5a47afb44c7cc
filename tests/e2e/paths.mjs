// Where the end-to-end tests find things, and the values both test files use.
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DIST = process.env.DIST ?? join(ROOT, 'dist');
export const OUT = join(ROOT, 'tests/e2e/output');
export const FIXTURES = join(ROOT, 'fixtures');
export const SAMPLE = join(FIXTURES, 'sample-demographics.csv');
/** The day birth dates are judged against, in the page (`?today=`) and the CLI (`--today`). */
export const TODAY = '2026-11-28';
export const FOOD = 'metadata.eligibilityStatusForSchoolFoodServicePrograms';
