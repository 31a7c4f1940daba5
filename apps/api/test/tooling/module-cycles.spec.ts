import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface ModuleCycle {
  modules: string[];
  files: number;
  crossing: string[];
}
// The check is a plain Node script (it runs before the TypeScript build in `npm run lint`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findModuleCycles } = require('../../../../scripts/check-module-cycles.js') as {
  findModuleCycles: (root: string) => ModuleCycle[];
};

describe('module cycle check (scripts/check-module-cycles.js)', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'module-cycles-'));
    write('users/index.ts', "export { UsersService } from './users.service';\n");
    write(
      'users/users.service.ts',
      "import { AuditService } from '../audit';\nexport class UsersService {}\n",
    );
    write('audit/index.ts', "export { AuditService } from './audit.service';\n");
    write('audit/audit.service.ts', 'export class AuditService {}\n');
    write(
      'app.module.ts',
      "import { UsersService } from './users';\nimport { AuditService } from './audit';\n",
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a tree whose modules depend on each other one way', () => {
    expect(findModuleCycles(root)).toEqual([]);
  });

  it('finds a cycle that runs through two modules, naming the imports that cross', () => {
    write(
      'audit/audit.service.ts',
      "import { UsersService } from '../users';\nexport class AuditService {}\n",
    );
    expect(findModuleCycles(root)).toEqual([
      {
        modules: ['audit', 'users'],
        files: 4,
        crossing: ['audit/audit.service.ts -> users/index.ts', 'users/users.service.ts -> audit/index.ts'],
      },
    ]);
  });

  it('ignores type-only imports (erased by the compiler) and cycles inside one module', () => {
    write(
      'audit/audit.service.ts',
      "import type { UsersService } from '../users';\nexport class AuditService {}\n",
    );
    write('users/a.ts', "import { b } from './b';\nexport const a = 1;\n");
    write('users/b.ts', "import { a } from './a';\nexport const b = 2;\n");
    expect(findModuleCycles(root)).toEqual([]);
  });

  it('follows export-from, dynamic import and require, but not imports inside comments', () => {
    write(
      'audit/audit.service.ts',
      "// import { UsersService } from '../users';\nexport class AuditService {}\n",
    );
    expect(findModuleCycles(root)).toEqual([]);
    write('audit/audit.service.ts', "export const load = () => import('../users');\n");
    expect(findModuleCycles(root).map((c) => c.modules)).toEqual([['audit', 'users']]);
    write('audit/audit.service.ts', "export * from '../users';\n");
    expect(findModuleCycles(root).map((c) => c.modules)).toEqual([['audit', 'users']]);
  });
});
