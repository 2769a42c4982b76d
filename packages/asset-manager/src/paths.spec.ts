import path from 'node:path';
import { ErrorCode, isPipelineError } from '@ad-pipeline/errors';
import fc from 'fast-check';
import { throwsWith } from '../test/helpers.js';
import { assertFilename, assertJobId, assertSubdir, isInside, isValidJobId, MAX_FILENAME_BYTES } from './paths.js';

describe('assertFilename', () => {
  it.each([
    'scene_1.mp4',
    'voice over (final).mp3',
    'ünïcødé-名前.png',
    'a..b',
    'trailing.',
    '-dash',
    'x'.repeat(MAX_FILENAME_BYTES),
    'é'.repeat(127) + 'x', // 255 bytes in UTF-8
  ])('accepts %j', (name) => {
    expect(() => assertFilename(name)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['dot', '.'],
    ['dot dot', '..'],
    ['parent traversal', '../x'],
    ['nested traversal', 'a/../../x'],
    ['absolute path', '/etc/passwd'],
    ['slash', 'a/b'],
    ['backslash', 'a\\b'],
    ['windows traversal', '..\\x'],
    ['NUL', 'a\0b'],
    ['newline', 'a\nb'],
    ['carriage return', 'a\rb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\x7fb'],
    ['C1 control', 'a\u0085b'],
    ['lone surrogate', 'a\ud800b'],
    ['right-to-left override (shows as okexe.png)', 'ok\u202Egnp.exe'],
    ['first-strong isolate', 'a\u2068b.png'],
    ['right-to-left mark', 'a\u200Fb.png'],
    ['space only', ' '],
    ['trailing space', 'ok.bin '],
    ['leading space', ' ok.bin'],
    ['trailing no-break space', 'ok.bin\u00A0'],
    ['leading dot (reserved for in-progress files)', '.hidden'],
    ['temp-file lookalike', '.tmp-0123456789abcdef.part'],
    ['256 ASCII bytes', 'x'.repeat(MAX_FILENAME_BYTES + 1)],
    ['256 bytes of 2-byte characters', 'é'.repeat(128)],
    ['129 characters but 258 bytes', '名'.repeat(86)],
  ])('rejects %s', (_label, name) => {
    const error = throwsWith(() => assertFilename(name), ErrorCode.INVALID_INPUT);
    expect(error.details['field']).toBe('filename');
  });

  it.each([undefined, null, 42, {}, ['a'], Buffer.from('a')])('rejects the non-string %p', (value) => {
    throwsWith(() => assertFilename(value), ErrorCode.INVALID_INPUT);
  });

  it('keeps long rejected values short in the details', () => {
    const error = throwsWith(() => assertFilename('y'.repeat(5000)), ErrorCode.INVALID_INPUT);
    expect(String(error.details['value']).length).toBeLessThanOrEqual(80);
  });
});

describe('assertFilename properties', () => {
  const dir = path.resolve('/jobs/job-1/scenes');
  const accepts = (name: unknown): boolean => {
    try {
      assertFilename(name);
      return true;
    } catch (error) {
      if (!isPipelineError(error) || error.code !== ErrorCode.INVALID_INPUT) throw error;
      return false;
    }
  };
  const names = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 140 }),
    fc.stringMatching(/^[./\\a-z\0\n-]{0,12}$/),
  );

  it('every accepted name is one segment that stays in its directory', () => {
    fc.assert(
      fc.property(names, (name) => {
        if (!accepts(name)) return;
        const joined = path.join(dir, name);
        expect(path.dirname(joined)).toBe(dir);
        expect(path.basename(joined)).toBe(name);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
        expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('assertJobId', () => {
  it.each(['a', 'job-123', 'JOB_1.2', '0', '-x', 'j'.repeat(128)])('accepts %j', (id) => {
    expect(isValidJobId(id)).toBe(true);
    expect(() => assertJobId(id)).not.toThrow();
  });

  it.each([
    '',
    '.',
    '..',
    '.hidden',
    'a/b',
    '../x',
    'a b',
    'a\0',
    'é',
    'j'.repeat(129),
    undefined,
    null,
    7,
  ])('rejects %p', (id) => {
    expect(isValidJobId(id)).toBe(false);
    const error = throwsWith(() => assertJobId(id), ErrorCode.INVALID_INPUT);
    expect(error.details['field']).toBe('jobId');
  });
});

describe('assertSubdir', () => {
  it.each([undefined, 'scenes', 'audio', 'final'])('accepts %p', (subdir) => {
    expect(() => assertSubdir(subdir)).not.toThrow();
  });

  it.each(['', 'Scenes', 'video', '..', 'scenes/..', '/tmp', null, 1])('rejects %p', (subdir) => {
    const error = throwsWith(() => assertSubdir(subdir), ErrorCode.INVALID_INPUT);
    expect(error.details['field']).toBe('subdir');
  });
});

describe('isInside', () => {
  const root = path.resolve('/base/job');

  it.each([root, path.join(root, 'a'), path.join(root, '..a'), path.join(root, 'a', '..b')])('%s is inside', (p) => {
    expect(isInside(root, p)).toBe(true);
  });

  it.each([path.resolve('/base'), path.resolve('/base/job2'), path.resolve('/base/job-x/a'), path.resolve('/etc')])(
    '%s is outside',
    (p) => {
      expect(isInside(root, p)).toBe(false);
    },
  );
});
