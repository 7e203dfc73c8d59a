// What other features reuse: the finding cards, the check rows, the changes list and the findings store.
export { ChangesView } from './ChangesView.js';
export { CheckRow, FindingCard } from './FindingCard.js';
// The Network page shows the socket rules' findings from the one findings subscription.
export { useFindings } from './store.js';
