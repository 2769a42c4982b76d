/** One file to fetch: its URL and the file name to save it as. */
export interface DownloadItem {
  url: string;
  filename: string;
  /** Expected SHA-256 (hex), for a contender that checks it. */
  sha256?: string;
}

/** Downloads one file, resolving with its path once the file is closed. */
export type DownloadOne = (item: DownloadItem) => Promise<string>;

/** Downloads many files with a concurrency limit, resolving with their paths once all are closed. */
export type DownloadAll = (items: DownloadItem[], concurrency: number) => Promise<string[]>;

/**
 * A download implementation under test. `prepare` does the untimed setup (directories,
 * clients) and returns the function whose run is timed.
 */
export interface Contender {
  prepare(dir: string): Promise<DownloadOne>;
}
