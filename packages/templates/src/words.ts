const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Spoken words in `text`: word-like segments, so punctuation is free and CJK words count too. */
export function countWords(text: string): number {
  let count = 0;
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) {
      count++;
    }
  }
  return count;
}
