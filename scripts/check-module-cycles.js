#!/usr/bin/env node
/**
 * Fails when files of two or more API modules import each other in a circle.
 *
 * A module is a folder directly under apps/api/src. Reads every non-test .ts file as text, resolves
 * its relative imports (`import … from`, `export … from`, `import()`, `require()`; not `import type`,
 * which the compiler erases), and finds the strongly connected
 * groups of files (Tarjan). A group whose files belong to more than one module is a cycle between
 * modules: printed with the import edges that close it, and the exit code is 1.
 *
 * Usage: node scripts/check-module-cycles.js [root]   (root defaults to apps/api/src)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?!type\s)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The relative module specifiers a source file imports. */
function importSpecifiers(source) {
  const text = stripComments(source);
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (match[1].startsWith('.')) found.add(match[1]);
    }
  }
  return [...found];
}

function isSource(file) {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(spec|e2e-spec)\.ts$/.test(file);
}

function listSources(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'testing') walk(full);
      } else if (isSource(full)) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

function resolve(fromFile, specifier, known) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** The module a file belongs to: its first folder under root, or null for files directly in root (composition roots). */
function moduleOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Tarjan's strongly connected components; iterative so deep graphs cannot overflow the stack. */
function stronglyConnected(nodes, edges) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const groups = [];
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const targets = edges.get(node) ?? [];
      if (i < targets.length) {
        frame[1]++;
        const target = targets[i];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) {
          low.set(node, Math.min(low.get(node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const group = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          group.push(member);
        } while (member !== node);
        groups.push(group);
      }
    }
  }
  return groups;
}

/**
 * The import cycles that cross module boundaries under root: each with its modules and the edges
 * (file → file, relative to root) inside the cycle that go from one module to another.
 */
function findModuleCycles(root) {
  root = path.resolve(root);
  const files = listSources(root);
  const known = new Set(files);
  const edges = new Map();
  for (const file of files) {
    const targets = importSpecifiers(fs.readFileSync(file, 'utf8'))
      .map((specifier) => resolve(file, specifier, known))
      .filter((target) => target && target !== file);
    edges.set(file, [...new Set(targets)]);
  }
  const cycles = [];
  for (const group of stronglyConnected(files, edges)) {
    if (group.length < 2) continue;
    const members = new Set(group);
    const modules = [...new Set(group.map((file) => moduleOf(root, file)))].filter(Boolean).sort();
    if (modules.length < 2) continue;
    const crossing = [];
    for (const file of group) {
      for (const target of edges.get(file)) {
        if (members.has(target) && moduleOf(root, file) !== moduleOf(root, target)) {
          crossing.push(`${path.relative(root, file)} -> ${path.relative(root, target)}`);
        }
      }
    }
    cycles.push({ modules, files: group.length, crossing: crossing.sort() });
  }
  return cycles;
}

if (require.main === module) {
  const root = process.argv[2] ?? path.join(__dirname, '..', 'apps', 'api', 'src');
  const cycles = findModuleCycles(root);
  if (cycles.length === 0) {
    process.exit(0);
  }
  for (const cycle of cycles) {
    console.error(
      `Import cycle between modules ${cycle.modules.join(', ')} (${cycle.files} files). Imports that cross:`,
    );
    for (const edge of cycle.crossing) console.error(`  ${edge}`);
  }
  console.error(
    '\nA module may depend on another only one way. Move the shared piece to the module that owns it ' +
      '(or to common/), or ask through the other module\'s exported service (docs/architecture.md, "Module boundaries").',
  );
  process.exit(1);
}

module.exports = { findModuleCycles, importSpecifiers, stronglyConnected };
