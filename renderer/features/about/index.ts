// What the snapshot viewer reuses: the inventory (versions, tools, kernel) as the About page shows it.
export { InventoryView } from './InventoryView.js';
