/** Terminal colours: on only for a TTY, off with NO_COLOR, forced with FORCE_COLOR. */

/** A string styler; the identity when colour is off. */
export type Paint = (text: string) => string;

/** The few styles the demo uses. */
export interface Colors {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
}

/**
 * Whether to colour output written to `stream`: `NO_COLOR` (any non-empty value) wins, then
 * `FORCE_COLOR` (any value but `0`/`false`), then `TERM=dumb` turns it off, else only for a TTY.
 * See https://no-color.org.
 */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

const paint =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001B[${open}m${text}\u001B[${close}m`;

const identity: Paint = (text) => text;

/** Stylers that emit ANSI SGR codes when `enabled`, and plain text otherwise. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      cyan: identity,
    };
  }
  return {
    enabled,
    bold: paint(1, 22),
    dim: paint(2, 22),
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    cyan: paint(36, 39),
  };
}
