// Types of build-sockdiag.mjs (plain JavaScript: build.mjs runs it without a TypeScript step).
export declare const SOCKDIAG_SOURCE: string;
export declare const SOCKDIAG_BINARY: string;
export declare function buildSockDiag(root: string, log?: (line: string) => void): string | null;
