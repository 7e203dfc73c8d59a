// What other features use: the live-backtrace link (process detail) and the analysis view (snapshot viewer).
export { AnalysisView } from './AnalysisView.js';
export { liveBacktraceHref } from './route.js';
