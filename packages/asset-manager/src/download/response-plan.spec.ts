import fc from 'fast-check';
import { planAfterBody, planResponse, parseContentRange, type BodyPlan } from './response-plan.js';

// The range rules as pure functions (shared by any transport): properties over every consistent
// 206 and every single-field perturbation of it. The real-server suites cover the wiring.

const URL_ = new URL('http://127.0.0.1/x');

const consistent = fc
  .record({
    total: fc.integer({ min: 1, max: 10_000_000 }),
    offsetFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    slice: fc.integer({ min: 1, max: 10_000_000 }),
  })
  .map(({ total, offsetFraction, slice }) => {
    const offset = Math.min(total - 1, Math.floor(offsetFraction * total));
    const last = Math.min(total - 1, offset + slice - 1);
    return { total, offset, last };
  });

describe('planResponse / planAfterBody (RFC 9110 §14.4, §15.3.7)', () => {
  it('a consistent 206 is appended (or saved from 0), and ends complete or asks the next range', () => {
    fc.assert(
      fc.property(consistent, ({ total, offset, last }) => {
        const headers = {
          'content-range': `bytes ${offset}-${last}/${total}`,
          'content-length': String(last - offset + 1),
          etag: '"v1"',
        };
        const plan = planResponse(
          206,
          headers,
          { offset, ...(offset > 0 ? { ifRange: '"v1"', knownTotal: total } : {}) },
          URL_,
        ) as BodyPlan;
        expect(plan).toMatchObject({
          kind: 'body',
          append: offset > 0,
          start: offset,
          length: last - offset + 1,
          total,
          validator: '"v1"',
        });
        const after = planAfterBody(plan, last - offset + 1);
        expect(after).toEqual(
          last === total - 1 ? { kind: 'complete' } : { kind: 'next-range', offset: last + 1 },
        );
        // A body one byte short is a truncation; one byte long is inconsistent.
        expect(planAfterBody(plan, last - offset).kind).toBe('truncated');
        expect(planAfterBody(plan, last - offset + 2).kind).toBe('inconsistent');
      }),
    );
  });

  it('every perturbation of one field is inconsistent', () => {
    fc.assert(
      fc.property(
        consistent,
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom('first', 'total', 'length', 'etag', 'last'),
        ({ total, offset, last }, delta, field) => {
          const first = field === 'first' ? offset + delta : offset;
          const end = field === 'last' ? total - 1 + delta : last;
          const complete = field === 'total' ? total + delta : total;
          const headers = {
            'content-range': `bytes ${first}-${Math.max(first, end)}/${complete}`,
            'content-length': String(
              Math.max(first, end) - first + 1 + (field === 'length' ? delta : 0),
            ),
            etag: field === 'etag' ? '"v2"' : '"v1"',
          };
          const plan = planResponse(
            206,
            headers,
            { offset, ifRange: '"v1"', knownTotal: total },
            URL_,
          );
          expect(plan.kind).toBe('inconsistent');
        },
      ),
    );
  });

  it('Content-Range parses only `bytes first-last/(length|*)` with first <= last', () => {
    expect(parseContentRange('bytes 0-0/1')).toEqual({ first: 0, last: 0, total: 1 });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ first: 5, last: 9 });
    for (const bad of [
      'bytes 9-5/10',
      'bytes */10',
      'bytes 0-1/2, 4-5/6',
      'items 0-1/2',
      'bytes=0-1/2',
      '',
      'bytes -1-2/3',
    ]) {
      expect(parseContentRange(bad)).toBeUndefined();
    }
  });

  it.each([204, 205])('%i throws: no content to keep', (status) => {
    expect(() => planResponse(status, {}, { offset: 0 }, URL_)).toThrow(
      expect.objectContaining({ code: 'ASSET_DOWNLOAD_FAILED' }),
    );
  });
});
