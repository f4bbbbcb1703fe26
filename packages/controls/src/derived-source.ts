import { ScrutableError, type SubstrateFactory } from '@scrutable/core';

/** The registry id the derived controls (scrambled, untrained) are built from when no other is named. */
export const DEFAULT_SOURCE = 'dense';

/** The source factory a derived control was given, or BAD_CONFIG saying how to give one. */
export function requireSource(control: string, source: SubstrateFactory | undefined): SubstrateFactory {
  if (!source)
    throw new ScrutableError(
      'BAD_CONFIG',
      `the ${control} control is built from another substrate: pass its factory as \`source\` to create and ` +
        `load (the bench passes the one its \`derivedFrom\`, '${DEFAULT_SOURCE}', names)`,
    );
  return source;
}
