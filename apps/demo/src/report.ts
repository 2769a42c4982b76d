/** The demo's report: one section per step, printed live for humans or as one JSON document. */
import type { ProblemDetails } from '@ad-pipeline/errors';

/** One scene of a template, as the plan table shows it. */
export interface ScenePlanRow {
  readonly scene: number;
  readonly seconds: number;
  readonly type: 'video' | 'image';
  readonly overlay: string;
  readonly voiceover: string;
}

/** What the user asked for (flags, after defaults). */
export interface InputSection {
  readonly style: string;
  readonly product: string;
  readonly cta: string;
}

/** Step 1: the styles on offer and the chosen template's plan. */
export interface PlanSection {
  readonly styles: readonly string[];
  readonly style: string;
  readonly styleKeywords: string;
  readonly aspectRatio: string;
  readonly totalDuration: number;
  readonly scenes: readonly ScenePlanRow[];
}

/** Step 1: what generating the chosen template costs. */
export interface CostSection {
  readonly videoSeconds: number;
  readonly imageCount: number;
  readonly videoUsd: number;
  readonly imageUsd: number;
  readonly totalUsd: number;
}

/** Step 2: the template filled for the product and CTA, with the LLM slots still open. */
export interface FilledSection {
  readonly scenes: readonly ScenePlanRow[];
  readonly slots: readonly {
    readonly slot: string;
    readonly sceneId: number;
    readonly field: string;
  }[];
}

/** Step 2: a sample script applied to the slots. */
export interface ScriptSection {
  readonly lines: Readonly<Record<string, string>>;
  readonly scenes: readonly ScenePlanRow[];
}

/** Step 3: the embedded media server. */
export interface ServerSection {
  readonly url: string;
  readonly files: readonly {
    readonly name: string;
    readonly bytes: number;
    readonly contentType: string;
  }[];
}

/** Step 4: the job the assets are downloaded into. */
export interface JobSection {
  readonly jobId: string;
  readonly baseDir: string;
  readonly jobDir: string;
}

/** Step 4: one downloaded, validated and inspected asset (or its error). */
export interface DownloadRow {
  readonly filename: string;
  readonly subdir: string;
  readonly ok: boolean;
  readonly valid?: boolean;
  readonly size?: number;
  readonly mime?: string;
  readonly kind?: string;
  readonly sha256?: string;
  /** What the file is, probed from its container headers (`inspectFile(...).media`). */
  readonly media?: AssetMedia;
  /** What its scene asked for (`sceneAssetSpec`), checked as the download's `expect`. */
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly error?: { readonly code: string; readonly userMessage: string };
}

/** The probed facts the demo shows next to a scene's spec. */
export interface AssetMedia {
  readonly container: string;
  readonly durationSec?: number;
  readonly width?: number;
  readonly height?: number;
  readonly aspectRatio?: string;
  readonly videoCodec?: string;
  readonly audioCodec?: string;
}

/** Step 5: a clip that does not fit its scene (16:9, 5 s for an 8 s 9:16 scene), refused by its spec. */
export interface SpecMismatchSection {
  readonly filename: string;
  readonly sceneId: number;
  readonly code: string;
  readonly retryable: boolean;
  readonly requests: number;
  readonly expected: Readonly<Record<string, unknown>>;
  readonly actual: Readonly<Record<string, unknown>>;
  readonly userMessage: string;
  readonly fileWritten: boolean;
}

/** Step 4: the concurrent batch. */
export interface DownloadsSection {
  readonly concurrency: number;
  readonly assets: readonly DownloadRow[];
}

/** One failed attempt that was retried. */
export interface RetryRow {
  readonly attempt: number;
  readonly code: string;
  readonly status?: number;
  readonly delayMs: number;
}

/** Step 5: a 503 retried to success. */
export interface TransientFailureSection {
  readonly filename: string;
  readonly retries: readonly RetryRow[];
  readonly requests: number;
  readonly succeeded: boolean;
  readonly size?: number;
  readonly error?: { readonly code: string; readonly userMessage: string };
}

/** Step 5: a 404, not retried, with what a user and an API client would see. */
export interface PermanentFailureSection {
  readonly filename: string;
  readonly requests: number;
  readonly code: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly userMessage: string;
  readonly problemDetails: ProblemDetails;
  readonly fileWritten: boolean;
}

/** Step 5: a path-traversal filename, rejected before any I/O. */
export interface UnsafeFilenameSection {
  readonly filename: string;
  readonly rejected: boolean;
  readonly code: string;
  readonly userMessage: string;
  readonly fileWritten: boolean;
}

/** `--store s3`: the job persisted to an embedded S3-protocol server and restored as a second worker. */
export interface StoreSection {
  readonly endpoint: string;
  readonly bucket: string;
  readonly objects: readonly {
    readonly relativePath: string;
    readonly size: number;
    readonly sha256: string;
    readonly contentType: string;
  }[];
  readonly bytes: number;
  /** A presigned GET of `final/ad.mp4` (expires in 5 minutes; the server is gone when the demo ends). */
  readonly presignedUrl: string;
  /** Whether a plain GET of the presigned URL returned the final file's bytes (same SHA-256). */
  readonly presignedServesFinal: boolean;
  readonly restoredFiles: number;
  readonly secondWorkerJobDir: string;
  /** Scene files the second worker checked against their scene specs (`verifyFile`). */
  readonly verifiedAgainstSpec: readonly string[];
  readonly deletedObjects: number;
}

/** Step 6: what the job holds on disk. */
export interface DiskUsageSection {
  readonly bytes: number;
  readonly files: readonly string[];
}

/** Step 6: whether the job directory was removed. */
export interface CleanupSection {
  readonly kept: boolean;
  readonly jobDir: string;
  readonly jobDirExists: boolean;
}

/** Every section, in the order the demo produces them. */
export interface DemoReport {
  readonly input: InputSection;
  readonly plan: PlanSection;
  readonly cost: CostSection;
  readonly filled: FilledSection;
  readonly script: ScriptSection;
  readonly server: ServerSection;
  readonly job: JobSection;
  readonly downloads: DownloadsSection;
  readonly transientFailure: TransientFailureSection;
  readonly permanentFailure: PermanentFailureSection;
  readonly unsafeFilename: UnsafeFilenameSection;
  readonly specMismatch: SpecMismatchSection;
  /** Only with `--store s3`. */
  readonly store?: StoreSection;
  readonly diskUsage: DiskUsageSection;
  readonly cleanup: CleanupSection;
}

/** A section's name. */
export type SectionName = keyof DemoReport;

/** The report's section names in order (the JSON document's keys, after `ok`). */
export const SECTION_NAMES: readonly SectionName[] = [
  'input',
  'plan',
  'cost',
  'filled',
  'script',
  'server',
  'job',
  'downloads',
  'transientFailure',
  'permanentFailure',
  'unsafeFilename',
  'specMismatch',
  'store',
  'diskUsage',
  'cleanup',
];
