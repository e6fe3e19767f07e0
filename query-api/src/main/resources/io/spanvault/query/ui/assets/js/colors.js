// A stable colour per service name, so a service looks the same on every page.
// No reds: red marks errors.
const PALETTE = [
  '#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#65a30d', '#ea580c', '#4f46e5',
  '#0d9488', '#b45309', '#7c3aed', '#0284c7', '#15803d', '#a16207', '#475569', '#4d7c0f',
];

export function serviceColor(service) {
  let hash = 2166136261;
  for (let i = 0; i < service.length; i++) {
    hash = Math.imul(hash ^ service.charCodeAt(i), 16777619);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length];
}
