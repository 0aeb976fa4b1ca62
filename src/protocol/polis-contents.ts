import { contentRegistry } from './content.js';
import { contractNetContents } from './contract-net-content.js';
import { DirectoryAnswer, DirectoryQuery } from './directory-content.js';
import { LifecycleContent } from './lifecycle-content.js';

/** Schemas of every content kind Polis itself sends; the default registry of the decoders. */
export const polisContentSchemas = [
  ...contractNetContents,
  LifecycleContent,
  DirectoryQuery,
  DirectoryAnswer,
] as const;

export const polisContents = contentRegistry(polisContentSchemas);
