import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// What `import '@ad-pipeline/asset-manager'` loads: the static import graph from the entry. The
// container parsers load on the first `probeMedia` only (~0.2 s of start-up otherwise, measured).
const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"]([^'"]+)['"]/gm;

/** Specifiers a module imports for its values (type-only imports are erased by the compiler). */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const [, typeOnly, clause, specifier] of source.matchAll(STATIC_IMPORT)) {
    if (typeOnly !== undefined || specifier === undefined) continue;
    const named = clause?.match(/^\{([\s\S]*)\}$/)?.[1];
    const members = named?.split(',').map((member) => member.trim()).filter(Boolean);
    if (members !== undefined && members.length > 0 && members.every((member) => member.startsWith('type '))) continue;
    found.push(specifier);
  }
  return found;
}

/** The packages reached from `entry` through static value imports of the package's own modules. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

const PARSERS = ['file-type', 'mp4box', 'music-metadata', 'image-size/fromFile', 'strtok3'];

describe('what importing the package loads', () => {
  const loaded = packagesLoadedBy(join(__dirname, 'index.ts'));

  it('follows the graph (undici and the errors package are loaded at start-up)', () => {
    expect(loaded).toContain('undici');
    expect(loaded).toContain('@ad-pipeline/errors');
  });

  it.each(PARSERS)('does not load the container parser %s until a file is probed', (parser) => {
    expect(loaded).not.toContain(parser);
  });

  it('keeps every parser behind the one lazily loaded module', () => {
    const lazy = packagesLoadedBy(join(__dirname, 'media', 'container-parsers.ts'));
    for (const parser of PARSERS) expect(lazy).toContain(parser);
  });
});
