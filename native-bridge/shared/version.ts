import packageJson from '../../package.json';

export const TRIAGE_VERSION: string = packageJson.version;
