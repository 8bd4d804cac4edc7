import pkg from '../package.json' with { type: 'json' };

/** The released version, bundled from package.json so a run can be traced to a release. */
export const VERSION: string = pkg.version;
