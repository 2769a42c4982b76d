import { makeFigure } from '../src/bench/report/figure.js';
import { formatTextTable } from '../src/bench/report/table.js';

/** The bench table prints the spread of the runs next to each median. */
describe('bench table', () => {
  const figure = (oursSamples: number[], peerSamples: number[]) =>
    makeFigure({
      id: 'x',
      figure: '1 GiB download',
      unit: 's',
      ours: 0.5,
      peerName: 'curl -o',
      peer: 1,
      target: { on: 'ratio', op: '<=', value: 0.75 },
      samples: { ours: oursSamples, peer: peerSamples },
    });

  test('shows [min–max] of several runs for ours and for the peer', () => {
    const table = formatTextTable([figure([0.52, 0.5, 0.61], [1.2, 0.9, 1])]);
    expect(table).toContain('0.500 s [0.500–0.610]');
    expect(table).toContain('1.000 s [0.900–1.200] (curl -o)');
    expect(table).toContain('0.50×');
  });

  test('shows the bare median for a single run', () => {
    const table = formatTextTable([figure([0.5], [1])]);
    expect(table).not.toContain('[');
  });
});
