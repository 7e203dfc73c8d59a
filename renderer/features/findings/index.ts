// What the snapshot viewer reuses: the finding cards, the check rows and the changes list.
export { ChangesView } from './ChangesView.js';
export { CheckRow, FindingCard } from './FindingCard.js';
