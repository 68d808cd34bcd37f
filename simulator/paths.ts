// Where the package's data folders (rules/, schemas/, features/) live, whether the code
// runs from source (tsx, vitest) or compiled (dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package root not found above ${start}`);
    dir = up;
  }
}

export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const rulesDir = join(packageRoot, 'rules');
export const schemasDir = join(packageRoot, 'schemas');
export const featuresDir = join(packageRoot, 'features');
