import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Docs are code (SPEC §6.3): every ```ts / ```typescript block of every README in the repository
 * (README.md, packages/*\/README.md, apps/*\/README.md) type-checks, strict, as an ES module importing
 * the packages by npm name, exactly as a reader would paste it. Names a block uses without defining
 * must be declared in the block (`declare const signedUrl: string;`). A block that is genuinely not a
 * program (a shape sketch) opts out with the info string ```ts no-check.
 */
const ROOT = join(__dirname, '..', '..', '..');
const VIRTUAL_DIR = join(__dirname, '..', '.readme-blocks');

interface Block {
  readme: string;
  line: number;
  code: string;
}

function readmes(): string[] {
  const found = [join(ROOT, 'README.md')];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(ROOT, group), { withFileTypes: true })) {
      const readme = join(ROOT, group, entry.name, 'README.md');
      if (entry.isDirectory() && existsSync(readme)) found.push(readme);
    }
  }
  return found.filter((file) => existsSync(file));
}

/** The TypeScript blocks of one Markdown file, with the line each starts on; `no-check` ones left out. */
export function tsBlocks(markdown: string, readme: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript|tsx)\b(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', , info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j += 1) {
      const line = lines[j] ?? '';
      if (line.trim().startsWith(fence) && line.trim().replaceAll(fence[0] ?? '`', '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    }
    if (!/\bno-check\b/.test(info)) blocks.push({ readme, line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

describe('tsBlocks', () => {
  it('finds ts and typescript blocks, skips no-check and other languages', () => {
    const md = ['```ts', 'const a = 1;', '```', '```sh', 'npm i', '```', '```ts no-check', 'x', '```', '~~~typescript', 'let b;', '~~~'].join('\n');
    expect(tsBlocks(md, 'x').map((block) => block.code)).toEqual(['const a = 1;', 'let b;']);
  });
});

describe('README TypeScript blocks compile (strict)', () => {
  const blocks = readmes().flatMap((file) => tsBlocks(readFileSync(file, 'utf8'), file));
  const files = new Map(
    blocks.map((block, index) => [
      join(VIRTUAL_DIR, `block-${index}.ts`),
      // `export {}` makes every block a module, so top-level await and imports work as in an app.
      `${block.code}\nexport {};\n`,
    ]),
  );

  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('type-checks every block', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      skipLibCheck: true,
      noUnusedLocals: false,
      allowUnreachableCode: true,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => files.get(name) ?? readFile(name);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.getSourceFile = (name, version, onError, create) => {
      const text = files.get(name);
      return text === undefined
        ? getSourceFile(name, version, onError, create)
        : ts.createSourceFile(name, text, version, true);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file === undefined || files.has(diagnostic.file.fileName));
    const report = diagnostics.map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const index = [...files.keys()].indexOf(diagnostic.file.fileName);
      const block = blocks[index];
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${relative(ROOT, block?.readme ?? '')}:${(block?.line ?? 0) + line + 1}: TS${diagnostic.code} ${message}`;
    });
    expect(report).toEqual([]);
  });
});
